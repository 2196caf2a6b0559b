import { parseArgs } from 'node:util';
import { CertificateFolder, RefusedError } from './certificate-folder.js';

const USAGE = `usage: pnpm certs [options]

Makes what is missing in the certificates folder: a local CA (ca.crt, ca.key), a server
certificate for the gateway and the broker (server.crt, server.key) and, with --device, a
device's client certificate whose subject CN is its sensor_id (devices/<sensor_id>.crt, .key).
Files already there are kept; one that would have to change (other server names, a new CA) is
refused unless --force, which makes the CA and every file asked for anew.

options:
  --dir <folder>     where the files go (default CERTS_DIR or .data/certs)
  --names <a,b,...>  host names and IP addresses of the server certificate (default CERT_NAMES;
                     localhost and 127.0.0.1 are always included)
  --device <id>      also a device certificate for this sensor_id (may be repeated)
  --days <n>         validity of what is made (default 825)
  --force            replace existing files`;

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.CERTS_DIR || '.data/certs' },
    names: { type: 'string', default: process.env.CERT_NAMES ?? '' },
    device: { type: 'string', multiple: true, default: [] },
    days: { type: 'string', default: '825' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
const days = Number(values.days);
if (values.help || !Number.isInteger(days) || days < 1 || days > 3650) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const names = values.names
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');

try {
  const folder = new CertificateFolder(values.dir, { days, force: values.force });
  const said = await folder.make({ names, devices: values.device });
  process.stdout.write(`${said.join('\n')}\n`);
} catch (err) {
  if (!(err instanceof RefusedError)) throw err;
  process.stderr.write(`certs: ${err.message}\n`);
  process.exit(1);
}
