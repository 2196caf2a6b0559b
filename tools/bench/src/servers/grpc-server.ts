import * as grpc from '@grpc/grpc-js';
import { sensorServiceDefinition } from '@healthcare/proto';
import { connectForward } from './floor-publisher.js';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { serverTls } from './tls.js';

// grpc-bare (grpc-tls-bare with TLS_CERT_FILE): the gateway's proto and loader options, a unary
// handler that answers at once; gateway-floor-grpc (MQTT_URL): once the reading is published
const forward = await connectForward();
const server = new grpc.Server();
server.addService(sensorServiceDefinition(), {
  SendPressure: (call: { request: object }, callback: grpc.sendUnaryData<object>) => {
    if (!forward) return callback(null, {});
    forward(call.request).then(
      () => callback(null, {}),
      (err: Error) => callback({ code: grpc.status.UNAVAILABLE, details: err.message }),
    );
  },
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
