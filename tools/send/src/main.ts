import { readPem, type ClientTls } from '@healthcare/config';
import { fieldErrorsOf, READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import { createGenerator } from '@healthcare/sensors';
import type { SensorData } from '@healthcare/proto';
import { GrpcDevice, postTemperature, WsDevice } from '@healthcare/testing';
import type { ServiceError } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { parseArgs } from 'node:util';

const USAGE = `usage: pnpm send <${READING_KINDS.join('|')}> [reading as JSON] [options]

Sends one reading to the gateway over the protocol of its kind (temperature: REST, heartRate:
WebSocket, pressure: gRPC) and prints the gateway's answer. Without a reading it sends a simulated
one dated now. Exit 0 when the gateway took it, 1 when it refused it.

options:
  --sensor <id>        the sensor_id of a simulated reading (default Manual_001)
  --host <host>        the gateway's host (default GATEWAY_HOST or 127.0.0.1)
  --http-port <port>   REST and WebSocket (default HTTP_PORT or 5000)
  --grpc-port <port>   gRPC (default GRPC_PORT or 7777)
  --ca <file>          speak TLS (https, wss, gRPC over TLS), trusting this CA, e.g.
                       .data/certs/ca.crt (default TLS_CA_FILE)
  --cert <file>        with --key: a device certificate (default TLS_CERT_FILE)
  --key <file>         its key (default TLS_KEY_FILE)
  --token <token>      the device's token (default DEVICE_TOKEN), from pnpm devices add; the
                       gateway takes readings only for that device's sensor_id`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sensor: { type: 'string', default: 'Manual_001' },
    host: { type: 'string', default: process.env.GATEWAY_HOST ?? '127.0.0.1' },
    'http-port': { type: 'string', default: process.env.HTTP_PORT ?? '5000' },
    'grpc-port': { type: 'string', default: process.env.GRPC_PORT ?? '7777' },
    ca: { type: 'string', default: process.env.TLS_CA_FILE ?? '' },
    cert: { type: 'string', default: process.env.TLS_CERT_FILE ?? '' },
    key: { type: 'string', default: process.env.TLS_KEY_FILE ?? '' },
    token: { type: 'string', default: process.env.DEVICE_TOKEN || undefined },
    help: { type: 'boolean', short: 'h' },
  },
});
const [kindArg, json] = positionals;
if (values.help || !isKind(kindArg) || positionals.length > 2) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const kind: ReadingKind = kindArg;
const reading: unknown = json === undefined ? createGenerator(kind)(values.sensor) : json;
const print = (answer: unknown) => process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
const http = `${values.host}:${values['http-port']}`;
const tls: ClientTls | undefined =
  values.ca === ''
    ? undefined
    : { ca: readPem(values.ca), cert: readPem(values.cert), key: readPem(values.key) };
const [httpScheme, wsScheme] = tls ? ['https', 'wss'] : ['http', 'ws'];

function isKind(value: string | undefined): value is ReadingKind {
  return READING_KINDS.includes(value as ReadingKind);
}

async function send(): Promise<boolean> {
  switch (kind) {
    case 'temperature': {
      const answer = await postTemperature(
        `${httpScheme}://${http}`,
        reading,
        10_000,
        values.token,
        tls,
      );
      print({ status: answer.status, body: answer.body });
      return answer.status === 200;
    }
    case 'heartRate': {
      const device = await WsDevice.connect(`${wsScheme}://${http}/heartrate`, {
        tls,
        token: values.token,
      }).catch((err: Error) => {
        // the gateway refused the upgrade: its status and body are the answer
        throw new Error(`the WebSocket upgrade was refused: ${err.message}`);
      });
      try {
        const frame = await device.request(reading);
        print(frame);
        return frame.status === 'received';
      } finally {
        device.close();
      }
    }
    case 'pressure': {
      const device = new GrpcDevice(`${values.host}:${values['grpc-port']}`, values.token, tls);
      try {
        // gRPC sends a message, not text: what is given as JSON is parsed here
        const message = (typeof reading === 'string' ? JSON.parse(reading) : reading) as SensorData;
        print({ status: 'OK', response: await device.sendPressure(message) });
        return true;
      } catch (err) {
        const error = err as ServiceError;
        if (error.code === undefined) throw err;
        const errors = fieldErrorsOf(error.metadata);
        print({
          status: GrpcStatus[error.code],
          details: error.details,
          ...(errors && { errors }),
        });
        return false;
      } finally {
        device.close();
      }
    }
  }
}

process.stdout.write(
  `sending ${typeof reading === 'string' ? reading : JSON.stringify(reading)}\n`,
);
send().then(
  (taken) => process.exit(taken ? 0 : 1),
  (err: unknown) => {
    process.stderr.write(`send failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
