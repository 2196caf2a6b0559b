import * as grpc from '@grpc/grpc-js';
import { sensorServiceDefinition } from '@healthcare/proto';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// grpc-bare (grpc-tls-bare with TLS_CERT_FILE): the gateway's proto and loader options, a unary
// handler that answers at once
const server = new grpc.Server();
server.addService(sensorServiceDefinition(), {
  SendPressure: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, {}),
});
const tls = serverTls();
const credentials = tls
  ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.cert, private_key: tls.key }])
  : grpc.ServerCredentials.createInsecure();
server.bindAsync(`127.0.0.1:${requiredEnv('PORT')}`, credentials, (err) => {
  if (err) throw err;
  sendReady();
});
exitOnSignal(() => new Promise((resolve) => server.tryShutdown(() => resolve())));
