import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';

type Privilege = 'SELECT' | 'INSERT' | 'UPDATE';

/**
 * The database roles besides the owner, and what each may do, table by table: adding a table to
 * a role is one line here. The migrate step gives every role exactly this (whatever it had
 * before is taken back), so a role never keeps a privilege this list no longer names.
 */
export const ROLE_GRANTS = {
  /**
   * The subscriber: stores readings, rejections and conflicts, never deleting or changing one; its
   * NEWS2 scoring reads who wears which device and opens, updates and closes alerts, and it marks
   * the readers' acknowledgements published once the broker has them (the alert row is their
   * outbox, so the API needs no broker login).
   */
  writer: {
    temperature: ['SELECT', 'INSERT'],
    pressure: ['SELECT', 'INSERT'],
    heart_rate: ['SELECT', 'INSERT'],
    rejected_message: ['SELECT', 'INSERT'],
    conflicting_reading: ['SELECT', 'INSERT'],
    assignment: ['SELECT'],
    // an alert names the reader who acknowledged it
    reader: ['SELECT'],
    alert: ['SELECT', 'INSERT', 'UPDATE'],
    // TypeORM's record of applied migrations: the subscriber checks at start that none is pending
    migrations: ['SELECT'],
  },
  /**
   * The read API: what it serves, and its readers' tokens. Its one write is a patient's device
   * assignment (made and ended through the API); it never changes a reading.
   */
  reader: {
    temperature: ['SELECT'],
    pressure: ['SELECT'],
    heart_rate: ['SELECT'],
    device: ['SELECT'],
    reader: ['SELECT'],
    reader_credential: ['SELECT'],
    assignment: ['SELECT', 'INSERT', 'UPDATE'],
    // the alerts it serves; its readers acknowledge them, which also queues the acknowledgement
    // for the subscriber to publish on `alerts`
    alert: ['SELECT', 'UPDATE'],
  },
  /** The gateway's view of the device registry: it follows changes with LISTEN, which needs no grant. */
  registry: {
    device: ['SELECT'],
    device_credential: ['SELECT'],
  },
} satisfies Record<string, Record<string, readonly Privilege[]>>;

export type DatabaseRole = keyof typeof ROLE_GRANTS;
export const DATABASE_ROLES = Object.keys(ROLE_GRANTS) as DatabaseRole[];

/** Roles are the server's, not the database's: each database has its own, named after it. */
export function roleName(database: string, role: DatabaseRole): string {
  return `${database}_${role}`;
}

/** A password for each role to create or update; a role without one is only given its grants. */
export type RolePasswords = Partial<Record<DatabaseRole, string>>;

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

// server roles that would let a role run programs or read and write the server's files
const SERVER_POWERS = [
  'pg_execute_server_program',
  'pg_read_server_files',
  'pg_write_server_files',
];

/**
 * Creates or updates the roles of `database` (run by the owner, in the migration's transaction,
 * after the migrations): login with the given password, no other power on the server, and only
 * the privileges ROLE_GRANTS names. The password travels as a SCRAM verifier, never in clear.
 */
export async function applyRoles(
  query: Query,
  database: string,
  passwords: RolePasswords,
): Promise<string[]> {
  const applied: string[] = [];
  const id = pg.escapeIdentifier;
  // PostgreSQL before 15 lets every role create tables in public
  await query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  for (const role of DATABASE_ROLES) {
    const name = roleName(database, role);
    const password = passwords[role];
    const exists = (await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length > 0;
    if (!exists && !password) continue;
    if (!exists) await query(`CREATE ROLE ${id(name)}`);
    const login = password ? ` PASSWORD ${pg.escapeLiteral(scramVerifier(password))}` : '';
    await query(
      `ALTER ROLE ${id(name)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${login}`,
    );
    for (const power of SERVER_POWERS) {
      const [member] = (await query('SELECT pg_has_role($1, $2, $3) AS yes', [
        name,
        power,
        'MEMBER',
      ])) as { yes: boolean }[];
      if (member.yes) await query(`REVOKE ${power} FROM ${id(name)}`);
    }
    await query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${id(name)}`);
    await query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${id(name)}`);
    await query(`GRANT CONNECT ON DATABASE ${id(database)} TO ${id(name)}`);
    await query(`GRANT USAGE ON SCHEMA public TO ${id(name)}`);
    const grants: Record<string, readonly Privilege[]> = ROLE_GRANTS[role];
    for (const [table, privileges] of Object.entries(grants)) {
      await query(`GRANT ${privileges.join(', ')} ON TABLE ${id(table)} TO ${id(name)}`);
      if (!privileges.includes('INSERT')) continue;
      // the sequences of its serial columns, which an INSERT draws from
      for (const { sequence } of (await query(SERIAL_SEQUENCES, [table])) as {
        sequence: string;
      }[]) {
        await query(`GRANT USAGE ON SEQUENCE ${id(sequence)} TO ${id(name)}`);
      }
    }
    applied.push(name);
  }
  return applied;
}

const SERIAL_SEQUENCES = `
  SELECT s.relname AS sequence
  FROM pg_class s
  JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
  WHERE s.relkind = 'S' AND t.relname = $1`;

/** PostgreSQL's SCRAM-SHA-256 verifier of a password (what `\password` in psql sends). */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
