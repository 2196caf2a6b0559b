import { migrateDatabase, registerDevice } from '@healthcare/database';
import type { ReadingKind } from '@healthcare/contracts';
import pg from 'pg';

/** The simulated sensors of `pnpm start`: app, device id (the apps' default SENSOR_ID), kind. */
export const SIMULATED: [app: string, id: string, kind: ReadingKind][] = [
  ['sensor-temperature', 'Temp_001', 'temperature'],
  ['sensor-pressure', 'Press_001', 'pressure'],
  ['sensor-heartrate', 'Heart_001', 'heartRate'],
];

/**
 * Registers the simulated sensors as `pnpm devices add --if-exists rotate` does (the same code):
 * new devices on a fresh database, new tokens for those of an earlier run, whose old tokens end
 * now. Returns each sensor app's token.
 */
export async function registerSimulatedSensors(databaseUrl: string): Promise<Map<string, string>> {
  await migrateDatabase(databaseUrl, { wait: true });
  const db = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await db.connect();
  try {
    const tokens = new Map<string, string>();
    for (const [app, id, kind] of SIMULATED) {
      const { token } = await registerDevice(db, id, kind, { ifExists: 'rotate' });
      tokens.set(app, token);
    }
    return tokens;
  } finally {
    await db.end();
  }
}
