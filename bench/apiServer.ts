/**
 * The GraphQL API for the benchmark, in its own Node process (forked by bench/run.ts) so that the
 * load generator (autocannon) does not share an event loop with the server it measures.
 *
 * Env: BENCH_NEO4J_URI, BENCH_NEO4J_USER, BENCH_NEO4J_PASSWORD. Listens on 127.0.0.1:0 and sends
 * {port} to the parent over IPC. Answers {type:'roundTrips'} with the number of Neo4j sessions
 * (= round trips: Database opens one session per query) opened since the last ask.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../src/db/createDatabase.ts';
import { Database } from '../src/db/Database.ts';
import { createServer } from '../src/server.ts';
import { cypherFingerprint } from './operations.ts';

const uri = process.env['BENCH_NEO4J_URI'];
if (!uri || !process.send) throw new Error('bench/apiServer.ts is started by bench/run.ts');

const base = createDatabase({
  uri,
  auth: neo4j.auth.basic(process.env['BENCH_NEO4J_USER'] ?? 'neo4j', process.env['BENCH_NEO4J_PASSWORD'] ?? ''),
  queryTimeoutMs: 60_000,
});

// Count sessions: the same driver, wrapped so session() is counted (nothing else changes).
let sessions = 0;
const counted = new Proxy(base.driver, {
  get(target, property, receiver) {
    if (property === 'session') {
      return (...args: Parameters<Driver['session']>) => {
        sessions += 1;
        return target.session(...args);
      };
    }
    const value = Reflect.get(target, property, receiver) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});
const db = new Database(counted, { timeoutMs: 60_000 });

const { app, stop } = await createServer({ db });
const server = app.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'listening', port: (server.address() as AddressInfo).port, fingerprint: cypherFingerprint() });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: { type: string }) => {
  if (message.type === 'roundTrips') {
    process.send!({ type: 'roundTrips', count: sessions });
    sessions = 0;
  } else if (message.type === 'stop') {
    server.close();
    server.closeAllConnections();
    void stop()
      .then(() => base.driver.close())
      .finally(() => process.exit(0));
  }
});
