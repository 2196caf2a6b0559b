import {
  Mosquitto,
  MqttCollector,
  TestGateway,
  waitFor,
  type LaunchedGateway,
  type ReceivedMessage,
  type TestGatewayAuth,
} from '@healthcare/testing';

export interface ObservedGatewayOptions {
  /**
   * Device authentication: off by default here, since these suites are about the answers to
   * readings and the broker's part; device identity has its own suite (identity-e2e).
   */
  auth?: TestGatewayAuth;
  /** Variables on top of the test defaults (ports, MQTT_URL, HOST). */
  env?: Record<string, string>;
  /** A broker the caller owns; by default the gateway gets a Mosquitto of its own. */
  broker?: Mosquitto;
}

/**
 * The gateway with a Mosquitto and a plain MQTT subscriber on `#` started before it, so every
 * message it publishes is recorded. Starting returns once GET /health says the broker
 * connection is up.
 */
export class ObservedGateway extends TestGateway {
  private constructor(
    launched: LaunchedGateway,
    readonly broker: Mosquitto,
    readonly collector: MqttCollector,
    private readonly ownBroker: boolean,
  ) {
    super(launched);
  }

  static async startWithBroker({
    auth = 'off',
    env = {},
    broker,
  }: ObservedGatewayOptions = {}): Promise<ObservedGateway> {
    const mosquitto = broker ?? (await Mosquitto.start());
    let collector: MqttCollector | undefined;
    try {
      collector = await MqttCollector.start(mosquitto.url, ['#']);
      const launched = await TestGateway.launch(mosquitto.url, { auth, env });
      return new ObservedGateway(launched, mosquitto, collector, !broker);
    } catch (err) {
      await collector?.close();
      if (!broker) await mosquitto.dispose();
      throw err;
    }
  }

  /** Waits for the reading of this sensor to arrive and returns its message. */
  async published(sensorId: string, timeoutMs = 10_000): Promise<ReceivedMessage> {
    return waitFor(() => this.collector.messages.find((m) => sensorOf(m) === sensorId), {
      timeoutMs,
      what: `a reading from ${sensorId} on the broker (have ${this.sensorIds().join(', ') || 'none'})`,
    });
  }

  /** sensor_id of every message received since the last clear(), in order. */
  sensorIds(): string[] {
    return this.collector.messages.map(sensorOf);
  }

  /** Stops the gateway (SIGTERM), the subscriber, and the broker if it is the gateway's own. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.collector.close();
    if (this.ownBroker) await this.broker.dispose();
  }
}

function sensorOf(message: ReceivedMessage): string {
  try {
    const value = JSON.parse(message.payload) as { sensor_id?: unknown };
    return typeof value.sensor_id === 'string' ? value.sensor_id : `<${message.payload}>`;
  } catch {
    return `<${message.payload}>`;
  }
}
