import { createServer } from 'node:http';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';

// http-bare: what any JSON-over-HTTP service must do per reading (read the body, parse it, answer)
const RECEIVED = JSON.stringify({ status: 'received' });

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    let status = 200;
    try {
      JSON.parse(body);
    } catch {
      status = 400;
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': RECEIVED.length,
    });
    res.end(RECEIVED);
  });
});
server.listen(Number(requiredEnv('PORT')), '127.0.0.1', () => sendReady());
exitOnSignal(() => new Promise((resolve) => server.close(() => resolve())));
