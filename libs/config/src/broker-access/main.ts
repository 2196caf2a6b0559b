import { loadConfig } from '../load-config.js';
import { parseCommandLine, runTool, UsageError } from '../run-tool.js';
import { brokerUsers } from './broker-access.js';
import { BrokerAccessConfig } from './broker-access.config.js';
import { writeMosquittoAccess } from './write-files.js';

/**
 * `node libs/config/dist/broker-access/main.js <dir>`: Mosquitto's password file and ACL from
 * the settings (compose's one-shot `broker-access` service, before Mosquitto starts).
 */
runTool({
  name: 'broker-access',
  usage: 'usage: broker-access/main.js <folder for passwd and acl>',
  parse: (args) => {
    const [dir, ...rest] = parseCommandLine(args, {}).positionals;
    if (dir === undefined || rest.length > 0) throw new UsageError('one folder is needed');
    return dir;
  },
  run: (dir) => {
    const settings = loadConfig(BrokerAccessConfig);
    const files = writeMosquittoAccess(dir, settings);
    const users = brokerUsers(settings).map((u) => `${u.username} (${u.role})`);
    process.stdout.write(
      `wrote ${files.passwordFile} and ${files.aclFile} for ${users.join(', ')}\n`,
    );
    return Promise.resolve();
  },
});
