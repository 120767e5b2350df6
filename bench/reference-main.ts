import { startReferenceMcp } from './reference-mcp.js';
import { startReferenceServer } from './reference-server.js';

/** Runs a reference server in its own process (as the product runs in its own), printing its URL. */
const [kind, database] = process.argv.slice(2);
if (!database || (kind !== 'rest' && kind !== 'mcp')) {
  process.stderr.write('usage: reference-main.js rest|mcp <database file or postgres:// URL>\n');
  process.exit(2);
}
const server = kind === 'rest' ? await startReferenceServer(database) : await startReferenceMcp(database);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
