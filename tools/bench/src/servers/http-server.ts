import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// http-bare (https-bare with TLS_CERT_FILE): what any JSON-over-HTTP service must do per reading
// (read the body, parse it, answer)
const RECEIVED = JSON.stringify({ status: 'received' });

const handle: RequestListener = (req, res) => {
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
};
const tls = serverTls();
const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
server.listen(Number(requiredEnv('PORT')), '127.0.0.1', () => sendReady());
exitOnSignal(() => new Promise((resolve) => server.close(() => resolve())));
