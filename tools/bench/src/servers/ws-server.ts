import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer } from 'ws';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// ws-bare (wss-bare with TLS_CERT_FILE): parse each text frame and answer the gateway's ack frame
const tls = serverTls();
const http = tls ? createHttpsServer(tls) : createServer();
const server = new WebSocketServer({ server: http, path: '/heartrate', perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('message', (data: Buffer) => {
    const reading = JSON.parse(data.toString()) as { sensor_id: string; date: string };
    socket.send(
      JSON.stringify({ status: 'received', sensor_id: reading.sensor_id, date: reading.date }),
    );
  });
});
http.listen(Number(requiredEnv('PORT')), '127.0.0.1', () => sendReady());
exitOnSignal(() => {
  for (const client of server.clients) client.terminate();
  server.close();
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeAllConnections();
  return closed;
});
