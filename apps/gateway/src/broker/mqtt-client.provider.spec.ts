import { loadConfig } from '@healthcare/config';
import { InProcessBroker } from '@healthcare/testing';
import { GatewayConfig } from '../config/gateway.config.js';
import { mqttClientProvider } from './mqtt-client.provider.js';

describe("the gateway's MQTT client", () => {
  let broker: InProcessBroker;

  beforeEach(async () => {
    broker = await InProcessBroker.start();
  });

  afterEach(() => broker.stop());

  async function loginWith(env: Record<string, string>) {
    const logins = broker.recordLogins();
    const client = mqttClientProvider.useFactory(
      loadConfig(GatewayConfig, { MQTT_URL: broker.url, ...env }),
    );
    await client.connect();
    await client.close();
    return logins;
  }

  it('logs in with MQTT_USERNAME and MQTT_PASSWORD', async () => {
    await expect(loginWith({ MQTT_USERNAME: 'gateway', MQTT_PASSWORD: 's3cret' })).resolves.toEqual(
      [{ username: 'gateway', password: 's3cret' }],
    );
  });

  it('sends no login when they are not set', async () => {
    await expect(loginWith({})).resolves.toEqual([{ username: undefined, password: undefined }]);
  });
});
