import { WebSocketServer } from 'ws';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';

// ws-bare: parse each text frame and answer the gateway's ack frame
const server = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(requiredEnv('PORT')),
  path: '/heartrate',
  perMessageDeflate: false,
});
server.on('connection', (socket) => {
  socket.on('message', (data: Buffer) => {
    const reading = JSON.parse(data.toString()) as { sensor_id: string; date: string };
    socket.send(
      JSON.stringify({ status: 'received', sensor_id: reading.sensor_id, date: reading.date }),
    );
  });
});
server.on('listening', () => sendReady());
exitOnSignal(() => {
  for (const client of server.clients) client.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
});
