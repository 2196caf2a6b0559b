import { loadConfig } from '@healthcare/config';
import { addDevices, setDeviceEnabled } from '@healthcare/database';
import { applyMigrations, createTestDatabase, query, type TestDatabase } from '@healthcare/testing';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { GatewayConfig } from '../config/gateway.config.js';
import { DeviceRegistry } from './device-registry.service.js';

// a real database: a loaded machine stretches its statements past jest's default limit
jest.setTimeout(30_000);

const TICK_MS = 200;

/** Waits until the registry's view is another object than `before`. */
async function nextView(registry: DeviceRegistry, before: unknown, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (registry.view === before) {
    if (Date.now() > deadline) throw new Error(`no new view after ${what}`);
    await sleep(20);
  }
}

describe('DeviceRegistry', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let registry: DeviceRegistry;
  let token: string;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    db = await createTestDatabase('registry');
    await applyMigrations(db.url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    [token] = await addDevices(client, [{ id: 'Temp_001', kind: 'temperature' }]);
    registry = new DeviceRegistry(
      loadConfig(GatewayConfig, {
        DATABASE_URL: db.url,
        DEVICE_REGISTRY_REFRESH_MS: String(TICK_MS),
      }),
    );
    await registry.onModuleInit();
  });

  afterAll(async () => {
    await registry?.onModuleDestroy();
    await client?.end();
    await db?.drop();
  });

  it('does not read an unchanged registry again while its listening connection lives', async () => {
    const view = registry.view;
    await sleep(TICK_MS * 5);
    expect(registry.view).toBe(view);
    expect(view.lookup(token)).toMatchObject({ ok: true });
  });

  it('reads a change when notified', async () => {
    const view = registry.view;
    await setDeviceEnabled(client, 'Temp_001', false);
    await nextView(registry, view, 'disabling a device');
    expect(registry.view.lookup(token)).toMatchObject({ ok: false, reason: 'disabled' });
  });

  it('reads the registry again on a new connection when its connection was lost (notifications missed)', async () => {
    const view = registry.view;
    // the change is made as the connection is cut, so its notification is most likely missed
    await query(
      db.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'healthcare-gateway';
       UPDATE device SET enabled = true WHERE id = 'Temp_001'`,
    );
    await nextView(registry, view, 'losing the connection');
    await sleep(TICK_MS * 3);
    expect(registry.view.lookup(token)).toMatchObject({ ok: true });
  });
});
