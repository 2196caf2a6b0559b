import { patchSocketToCoalesceWrites } from '@healthcare/io';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Writable } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectForward } from './floor-publisher.js';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// ws-bare (wss-bare with TLS_CERT_FILE): parse each text frame and answer the gateway's ack frame;
// gateway-floor-ws (MQTT_URL): publish it first, and coalesce each socket's acks as the gateway does
const forward = await connectForward();
const tls = serverTls();
const http = tls ? createHttpsServer(tls) : createServer();
const server = new WebSocketServer({ server: http, path: '/heartrate', perMessageDeflate: false });

const ack = (socket: WebSocket, reading: { sensor_id: string; date: string }) =>
  socket.send(
    JSON.stringify({ status: 'received', sensor_id: reading.sensor_id, date: reading.date }),
  );

server.on('connection', (socket) => {
  if (forward) patchSocketToCoalesceWrites((socket as unknown as { _socket: Writable })._socket);
  socket.on('message', (data: Buffer) => {
    const reading = JSON.parse(data.toString()) as { sensor_id: string; date: string };
    if (!forward) return ack(socket, reading);
    forward(reading).then(
      () => ack(socket, reading),
      () => socket.close(1011),
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
