import type { AlertMessage } from '@healthcare/contracts';
import {
  createTestDatabase,
  generatedBrokerSettings,
  migrateWithRoles,
  Mosquitto,
  MqttCollector,
  query,
  readerToken,
  sleep,
  TestApi,
  TestSubscriber,
  waitFor,
  type BrokerAccessSettings,
  type RoleUrls,
  type TestDatabase,
  loginUrl,
} from '@healthcare/testing';

/**
 * Acknowledgements reach `alerts`: the API (the reader role, no broker login) records them, the
 * subscriber (the writer role, its own broker login) publishes them, on Mosquitto with the
 * generated logins and ACL.
 */
describe('alert acknowledgements on the alerts topic', () => {
  let broker: Mosquitto;
  let access: BrokerAccessSettings;
  let db: TestDatabase;
  let roles: RoleUrls;
  let subscriber: TestSubscriber | undefined;
  let subscriberEnv: Record<string, string>;
  let api: TestApi;
  let alerts: MqttCollector;
  let token: string;

  /** A new open alert of `patient`, as the scorer opens one. */
  const openAlert = async (patient: string): Promise<number> => {
    const [row] = await query<{ id: string }>(
      db.url,
      `INSERT INTO alert (patient, cause, value, score, observed_at)
       VALUES ($1, 'temperature', 34.6, 3, now()) RETURNING id`,
      [patient],
    );
    return Number(row.id);
  };
  const acknowledgements = () =>
    alerts.messages
      .map((m) => JSON.parse(m.payload) as AlertMessage)
      .filter((a) => a.change === 'acknowledged');

  beforeAll(async () => {
    access = generatedBrokerSettings();
    [broker, db] = await Promise.all([Mosquitto.start({ access }), createTestDatabase('acks')]);
    roles = await migrateWithRoles(db);
    subscriberEnv = {
      MQTT_URL: loginUrl(
        broker.url,
        access.MQTT_SUBSCRIBER_USERNAME,
        access.MQTT_SUBSCRIBER_PASSWORD,
      ),
      DATABASE_URL: roles.writer,
    };
    subscriber = await TestSubscriber.start(subscriberEnv);
    // the API has the reader role and nothing to log in to the broker with
    api = await TestApi.start({ DATABASE_URL: roles.reader });
    token = await readerToken(db.url, 'nurse-7');
    alerts = await MqttCollector.start(
      loginUrl(broker.url, access.MQTT_MONITOR_USERNAME, access.MQTT_MONITOR_PASSWORD),
      ['alerts'],
    );
  });

  afterAll(async () => {
    await alerts?.close();
    await Promise.all([api?.stop(), subscriber?.app.stop()]);
    await broker?.dispose();
    await db?.drop();
  });

  it('publishes an acknowledgement made through the API within 2 s, with who and when', async () => {
    const id = await openAlert('bed-5');
    const answer = await api.post<AlertMessage>(`/alerts/${id}/acknowledge`, undefined, token);
    expect(answer.status).toBe(200);
    const acknowledgedAt = Date.now();

    const published = await waitFor(() => acknowledgements().find((a) => a.id === id), {
      timeoutMs: 2000,
      intervalMs: 20,
      what: `alert ${id}'s acknowledgement on alerts`,
    });
    expect(Date.now() - acknowledgedAt).toBeLessThan(2000);
    expect(published).toMatchObject({
      id,
      change: 'acknowledged',
      patient: 'bed-5',
      cause: 'temperature',
      acknowledged_by: 'nurse-7',
      acknowledged_at: answer.body.acknowledged_at,
      closed_at: null,
    });
    // marked published once the broker took it; a second acknowledgement changes nothing
    await waitFor(
      async () =>
        (
          await query(
            db.url,
            'SELECT 1 FROM alert WHERE id = $1 AND acknowledgement_published_at IS NOT NULL',
            [id],
          )
        ).length === 1,
      { what: 'the acknowledgement marked published' },
    );
    expect((await api.post(`/alerts/${id}/acknowledge`, undefined, token)).status).toBe(200);
    await sleep(1000);
    expect(acknowledgements().filter((a) => a.id === id)).toHaveLength(1);
  });

  it('publishes what was acknowledged while the subscriber was away once it is back', async () => {
    await subscriber!.app.stop();
    subscriber = undefined;
    const id = await openAlert('bed-6');
    const answer = await api.post<AlertMessage>(`/alerts/${id}/acknowledge`, undefined, token);
    expect(answer.status).toBe(200);
    await sleep(1000);
    expect(acknowledgements().find((a) => a.id === id)).toBeUndefined();

    subscriber = await TestSubscriber.start(subscriberEnv);
    const published = await waitFor(() => acknowledgements().find((a) => a.id === id), {
      timeoutMs: 20_000,
      what: `alert ${id}'s acknowledgement on alerts after the restart`,
    });
    expect(published).toMatchObject({
      change: 'acknowledged',
      acknowledged_by: 'nurse-7',
      acknowledged_at: answer.body.acknowledged_at,
    });
  });
});
