/**
 * What the benchmark's two server processes share (bench/apiServer.ts, bench/peerServer.ts): the
 * Neo4j driver from the environment, wrapped to count statements, an Express app listening on a
 * free loopback port, and the IPC protocol with bench/run.ts:
 *   child -> parent  {type: 'listening', port}
 *   parent -> child  {type: 'statements', record?: boolean}  answers {type: 'statements', count, recorded}
 *                    (statements sent since the last ask; `recorded` when recording was on) and
 *                    switches recording on or off for what follows
 *   parent -> child  {type: 'cpu'}  answers {type: 'cpu', micros} (the process's user + system CPU time so far)
 *   parent -> child  {type: 'stop'}
 */
import neo4j from 'neo4j-driver';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { tuneBoltChannel } from '../src/db/driver/index.ts';
import { countingDriver, paramsToJson } from './countingDriver.ts';

// Both servers run as `npm start` runs the API: without source-mapped stack traces (src/config.ts says why).
process.setSourceMapsEnabled(false);

export function benchDriver() {
  // The API adjusts the driver's Bolt channel (src/db/driver/boltChannel.ts) in every process that
  // builds a Database; the peer runs on the same neo4j-driver, so it gets the same adjustment here:
  // a ratio then measures the two query layers, not a driver patch one side has and the other lacks.
  tuneBoltChannel();
  const uri = process.env['BENCH_NEO4J_URI'];
  if (!uri || !process.send) throw new Error('the benchmark server processes are started by bench/run.ts');
  const base = neo4j.driver(
    uri,
    neo4j.auth.basic(process.env['BENCH_NEO4J_USER'] ?? 'neo4j', process.env['BENCH_NEO4J_PASSWORD'] ?? ''),
    {
      maxConnectionPoolSize: 50,
      userAgent: 'scholarly-graph-bench',
    },
  );
  return { base, ...countingDriver(base) };
}

export function serve(app: Express, log: ReturnType<typeof countingDriver>['log'], stop: () => Promise<void>): void {
  const server = app.listen(0, '127.0.0.1', () => {
    process.send!({ type: 'listening', port: (server.address() as AddressInfo).port });
  });
  server.keepAliveTimeout = 60_000;
  const close = () => {
    server.close();
    server.closeAllConnections();
    void stop().finally(() => process.exit(0));
  };
  // The IPC channel closes when bench/run.ts ends in any way (a SIGINT to it alone, a crash): without
  // this the server went on listening, holding its Neo4j connections and the corpus's port, with no parent.
  process.once('disconnect', close);
  process.on('message', (message: { type: string; record?: boolean }) => {
    if (message.type === 'statements') {
      const recorded =
        log.recorded?.map((statement) => ({ cypher: statement.cypher, params: paramsToJson(statement.params) })) ??
        null;
      process.send!({ type: 'statements', count: log.count, recorded });
      log.count = 0;
      log.recorded = message.record ? [] : null;
    } else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      process.send!({ type: 'cpu', micros: usage.user + usage.system });
    } else if (message.type === 'stop') {
      process.off('disconnect', close);
      close();
    }
  });
}
