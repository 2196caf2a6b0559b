import { AppConfigModule, loadConfig } from '@healthcare/config';
import { InProcessBroker, waitFor } from '@healthcare/testing';
import { Test } from '@nestjs/testing';
import type { MqttClient } from 'mqtt';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { BrokerModule } from './broker.module.js';
import { ReadingsServer } from './readings.server.js';

jest.setTimeout(20_000);

describe("BrokerModule: the subscriber's MQTT connection as configured", () => {
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

  async function loginsWith(env: Record<string, string>) {
    const logins = broker.recordLogins();
    const config = loadConfig(SubscriberConfig, { MQTT_URL: broker.url, ...env });
    const app = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), BrokerModule],
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
