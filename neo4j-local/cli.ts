/**
 * Runs the local Neo4j in the foreground for a developer.
 *
 *   tsx neo4j-local/cli.ts [--data <dir>] [--port N] [--heap 512m] [--pagecache 64m] [--ephemeral]
 *   tsx neo4j-local/cli.ts --install-only
 *
 * Default data folder: .data/neo4j at the repository root. Ctrl-C stops it cleanly.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureLocalNeo4jInstalled, startLocalNeo4j } from './index.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    heap: { type: 'string' },
    pagecache: { type: 'string' },
    ephemeral: { type: 'boolean', default: false },
    'install-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: tsx neo4j-local/cli.ts [--data <dir>] [--port N] [--heap 512m] [--pagecache 64m] [--ephemeral] | --install-only',
  );
  process.exit(0);
}

const log = (line: string): void => console.error(`[neo4j-local] ${line}`);

try {
  if (values['install-only']) {
    await ensureLocalNeo4jInstalled(log);
    log('installed');
  } else {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const dataDir = path.resolve(values.data ?? path.join(repoRoot, '.data', 'neo4j'));
    const port = values.port === undefined ? 7687 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0..65535, got ${values.port}`);
    const neo = await startLocalNeo4j({
      dataDir,
      port,
      heap: values.heap,
      pageCache: values.pagecache,
      ephemeral: values.ephemeral,
      supervise: true,
      log,
    });
    console.log(neo.uri);
    log(`pid ${neo.pid}; restarted on the same port if it dies. Ctrl-C to stop.`);
    // The password stays in its 0600 file; the hint reads it from there instead of printing it.
    log(`NEO4J_URI=${neo.uri} NEO4J_USER=${neo.user} NEO4J_PASSWORD="$(cat ${neo.passwordFile})"`);
    let stopping = false;
    const shutdown = (): void => {
      if (stopping) return;
      stopping = true;
      log('stopping');
      void neo.stop().then(() => {
        log('stopped');
        process.exit(0);
      });
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    // Keep the event loop alive while the (unref'd) JVM runs.
    setInterval(() => {}, 1 << 30);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
