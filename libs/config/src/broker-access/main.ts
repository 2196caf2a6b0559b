import { loadConfig } from '../load-config.js';
import { brokerUsers } from './broker-access.js';
import { BrokerAccessConfig } from './broker-access.config.js';
import { writeMosquittoAccess } from './write-files.js';

/**
 * `node libs/config/dist/broker-access/main.js <dir>`: Mosquitto's password file and ACL from
 * the settings (compose's one-shot `broker-access` service, before Mosquitto starts).
 */
try {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: broker-access/main.js <folder for passwd and acl>');
  const settings = loadConfig(BrokerAccessConfig);
  const files = writeMosquittoAccess(dir, settings);
  const users = brokerUsers(settings).map((u) => `${u.username} (${u.role})`);
  process.stdout.write(
    `wrote ${files.passwordFile} and ${files.aclFile} for ${users.join(', ')}\n`,
  );
} catch (err) {
  process.stderr.write(`broker-access: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
