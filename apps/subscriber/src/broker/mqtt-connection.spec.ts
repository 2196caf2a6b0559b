import { AppConfigModule, loadConfig } from '@healthcare/config';
import { MetricsModule } from '@healthcare/config/metrics';
import { InProcessBroker, waitFor } from '@healthcare/testing';
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { MqttClient } from 'mqtt';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { BrokerModule } from './broker.module.js';
import { connectSubscriber } from './mqtt-connection.js';
import { ReadingsServer } from './readings.server.js';

class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: string) {
    this.lines.push(`log ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn ${message}`);
  }
  error(message: string) {
    this.lines.push(`error ${message}`);
  }
}

jest.setTimeout(20_000);

let broker: InProcessBroker;
let client: MqttClient | undefined;

beforeEach(async () => {
  broker = await InProcessBroker.start();
});

afterEach(async () => {
  await client?.endAsync(true);
  client = undefined;
  await broker.stop();
});

describe('connectSubscriber', () => {
  it('falls back to MQTT 3.1.1 when the broker refuses MQTT 5 (aedes), says so once, and works', async () => {
    const logger = new RecordingLogger();
    client = connectSubscriber(
      {
        url: broker.url,
        clientId: 'sub',
        sessionExpirySeconds: 60,
        receiveMaximum: 1000,
        maximumPacketSize: 128 * 1024,
      },
      logger,
    );
    await waitFor(() => client!.connected, { what: 'the connection', timeoutMs: 10_000 });
    expect(client.options.protocolVersion).toBe(4);
    // once, and calmly: the embedded broker never speaks MQTT 5
    expect(logger.lines.filter((l) => l.includes('does not speak MQTT 5'))).toEqual([
      expect.stringMatching(/^log the MQTT broker at .* does not speak MQTT 5; using MQTT 3\.1\.1/),
    ]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^log connected .*\(MQTT 3\.1\.1, new session\)/),
    );

    const received: string[] = [];
    client.on('message', (_topic, payload) => received.push(payload.toString()));
    expect(await client.subscribeAsync('temperature', { qos: 1 })).toEqual([
      { topic: 'temperature', qos: 1 },
    ]);
    const publisher = await broker.client();
    await publisher.publishAsync('temperature', 'reading', { qos: 1 });
    await publisher.endAsync(true);
    await waitFor(() => received.length === 1, { what: 'the message' });
  });

  it('keeps the session across reconnections and reports an outage once', async () => {
    const logger = new RecordingLogger();
    client = connectSubscriber(
      {
        url: broker.url,
        clientId: 'sub',
        sessionExpirySeconds: 60,
        receiveMaximum: 10,
        maximumPacketSize: 128 * 1024,
        reconnectMinMs: 20,
        reconnectMaxMs: 40,
      },
      logger,
    );
    await waitFor(() => client!.connected, { what: 'the connection', timeoutMs: 10_000 });
    await client.subscribeAsync('temperature', { qos: 1 });
    client.stream.destroy();
    await waitFor(() => logger.lines.some((l) => /session resumed/.test(l)), {
      what: 'a reconnection to the same session',
    });
    expect(logger.lines.filter((l) => l.startsWith('warn lost the MQTT broker'))).toHaveLength(1);
  });
});

describe("BrokerModule: the subscriber's MQTT connection as configured", () => {
  async function loginsWith(env: Record<string, string>) {
    const logins = broker.recordLogins();
    const config = loadConfig(SubscriberConfig, { MQTT_URL: broker.url, ...env });
    const app = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), MetricsModule.forRoot(config), BrokerModule],
    }).compile();
    client = await app.get(ReadingsServer).createMqttClient();
    await waitFor(() => client!.connected, { what: 'the connection' });
    return logins;
  }

  // aedes refuses the first CONNECT (MQTT 5) before it asks for the login: one login is seen
  it('logs in with MQTT_USERNAME and MQTT_PASSWORD', async () => {
    const logins = await loginsWith({ MQTT_USERNAME: 'subscriber', MQTT_PASSWORD: 's3cret' });
    expect(logins).toEqual([{ username: 'subscriber', password: 's3cret' }]);
  });

  it('sends no login when they are not set', async () => {
    const logins = await loginsWith({});
    expect(logins).toEqual([{ username: undefined, password: undefined }]);
  });
});
