// Container healthchecks without shell quoting (some engines split a CMD array's argument on spaces):
//   node docker/healthcheck.mjs http://127.0.0.1:5000/health   -> healthy when it answers 2xx
//   node docker/healthcheck.mjs /tmp/heartbeat 60000           -> healthy when the file is younger than 60 s
import { statSync } from 'node:fs';

const [target, maxAgeMs = '60000'] = process.argv.slice(2);
const healthy = target.startsWith('http')
  ? await fetch(target, { signal: AbortSignal.timeout(4000) }).then(
      (r) => r.ok,
      () => false,
    )
  : (() => {
      try {
        return Date.now() - statSync(target).mtimeMs < Number(maxAgeMs);
      } catch {
        return false;
      }
    })();
process.exit(healthy ? 0 : 1);
