import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connectForward } from './floor-publisher.js';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// http-bare (https-bare with TLS_CERT_FILE): what any JSON-over-HTTP service must do per reading
// (read the body, parse it, answer); gateway-floor-rest (MQTT_URL): publish it before answering
const RECEIVED = JSON.stringify({ status: 'received' });
const forward = await connectForward();

const answer = (res: ServerResponse, status: number) => {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': RECEIVED.length,
  });
  res.end(RECEIVED);
};

const handle: RequestListener = (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    let reading: unknown;
    try {
      reading = JSON.parse(body);
    } catch {
      return answer(res, 400);
    }
    if (!forward) return answer(res, 200);
    forward(reading).then(
      () => answer(res, 200),
      () => answer(res, 503),
    );
  });
};
const tls = serverTls();
const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
server.listen(Number(requiredEnv('PORT')), '127.0.0.1', () => sendReady());
exitOnSignal(() => new Promise((resolve) => server.close(() => resolve())));
