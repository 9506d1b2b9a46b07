/**
 * The load the benchmark generates and what it reads meanwhile: autocannon against a server's POST
 * /graphql, the raw floor's replay through neo4j-driver alone, and the CPU time the server process,
 * the Neo4j JVM and this process spend over exactly the same interval.
 */
import autocannon from 'autocannon';
import neo4j, { type Driver } from 'neo4j-driver';
import { ownCpuMs, procCpuMs } from '../harness/index.ts';
import type { ServerProcess } from './servers.ts';

export interface Measurement {
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  /** CPU time the server process spent meanwhile (HTTP sides only): a figure the machine's other load hardly moves. */
  serverCpuMs?: number;
  /** CPU time the Neo4j JVM spent meanwhile; null without a local Neo4j (NEO4J_URI), without /proc, or when it restarted. */
  neo4jCpuMs: number | null;
  /** CPU time this process (the load generator; for the raw floor also its driver) spent meanwhile. */
  clientCpuMs: number;
}

/** What a load run itself measures, before the CPU times are added. */
export type LoadMeasurement = Pick<Measurement, 'requests' | 'seconds' | 'errors' | 'latencies'>;

/** Where the CPU a request costs can go besides the API server: the database and the load generator. */
export interface CpuSources {
  /** The local Neo4j JVM's pid at this moment (it changes after a supervised restart); null when Neo4j is not local. */
  neo4jPid: () => number | null;
}

/**
 * Neo4j's CPU time per second with no request in flight (garbage collection, query compilation,
 * checkpoints and other background work), in milliseconds; null where it cannot be read. The rounds
 * spread this over their requests, more of it per request on the slower side: this figure tells
 * how much of a side's Neo4j CPU per request the requests did not cause.
 */
export async function idleNeo4jCpuMsPerSecond(sources: CpuSources, seconds: number): Promise<number | null> {
  const pid = sources.neo4jPid();
  const before = pid === null ? null : procCpuMs(pid);
  if (before === null) return null;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = sources.neo4jPid() === pid ? procCpuMs(pid!) : null;
  return after === null ? null : ((after - before) * 1000) / (performance.now() - t0);
}

/**
 * Ends the transactions a load left running in the bench's own Neo4j, and returns how many.
 * autocannon stops at the end of its window and drops the requests still in flight, but the server
 * that received them goes on: a peer alternative that takes minutes per request at a million
 * articles (a connection filtered over every article) left ten such statements per trial window
 * running, and Neo4j burned both cores on them for about 20 minutes. Every operation measured
 * meanwhile paid for it (a topic's page cost 65 ms of Neo4j CPU per request instead of 3), which
 * first read as the million being slow. Only a local Neo4j is touched: with NEO4J_URI the database
 * may serve others, whose transactions are not the bench's to end.
 */
export async function endAbandonedTransactions(driver: Driver, sources: CpuSources): Promise<number> {
  if (sources.neo4jPid() === null) return 0;
  const session = driver.session();
  try {
    // SHOW TRANSACTIONS lists itself too; it is never among those ended.
    const shown = await session.run(
      `SHOW TRANSACTIONS YIELD transactionId, currentQuery
       WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
       RETURN collect(transactionId) AS ids`,
    );
    const ids = shown.records[0]?.get('ids') as string[] | undefined;
    if (!ids || ids.length === 0) return 0;
    await session.run('TERMINATE TRANSACTIONS $ids', { ids });
    return ids.length;
  } finally {
    await session.close();
  }
}

/**
 * Waits until Neo4j is idle (below 50 ms of CPU per second in two consecutive seconds), at most
 * `maxSeconds`; returns the seconds waited and the last second's CPU, or null without a local Neo4j.
 */
export async function waitForIdleNeo4j(
  sources: CpuSources,
  maxSeconds: number,
): Promise<{ seconds: number; lastMsPerSecond: number } | null> {
  const t0 = performance.now();
  let quiet = 0;
  let idle: number | null = null;
  while (quiet < 2 && performance.now() - t0 < maxSeconds * 1000) {
    idle = await idleNeo4jCpuMsPerSecond(sources, 1);
    if (idle === null) return null;
    quiet = idle < 50 ? quiet + 1 : 0;
  }
  return idle === null ? null : { seconds: (performance.now() - t0) / 1000, lastMsPerSecond: idle };
}

/**
 * `load`, with the CPU time spent during it by the server process (when there is one), the Neo4j
 * JVM and this process: on a machine whose cores are all busy, throughput follows the sum of the
 * three per request, so each is read over the same interval.
 */
export async function withCpu(
  server: ServerProcess | null,
  sources: CpuSources,
  load: () => Promise<LoadMeasurement>,
): Promise<Measurement> {
  const serverBefore = server ? await server.cpuMs() : 0;
  const pid = sources.neo4jPid();
  const neo4jBefore = pid === null ? null : procCpuMs(pid);
  const clientBefore = ownCpuMs();
  const measurement = await load();
  const clientCpuMs = ownCpuMs() - clientBefore;
  const neo4jAfter = pid === null || sources.neo4jPid() !== pid ? null : procCpuMs(pid);
  const neo4jCpuMs = neo4jBefore === null || neo4jAfter === null ? null : neo4jAfter - neo4jBefore;
  const serverCpuMs = server ? (await server.cpuMs()) - serverBefore : undefined;
  return { ...measurement, ...(serverCpuMs === undefined ? {} : { serverCpuMs }), neo4jCpuMs, clientCpuMs };
}

/** autocannon against POST /graphql; bodies round-robin over the inputs. */
export async function httpLoad(
  port: number,
  bodies: readonly string[],
  seconds: number,
  connections: number,
): Promise<LoadMeasurement> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) errors += 1;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const result = await instance;
  return {
    requests: latencies.length,
    seconds: (performance.now() - start) / 1000,
    errors: errors + result.errors + result.timeouts,
    latencies,
  };
}

/**
 * The raw floor: `connections` loops replaying the API's statements for each input the way the API
 * sends them (src/db/RequestTransaction.ts): the first as an auto-commit query, any further ones
 * in one read transaction.
 */
export async function rawLoad(
  driver: Driver,
  work: ReadonlyArray<ReadonlyArray<{ cypher: string; params: Record<string, unknown> }>>,
  seconds: number,
  connections: number,
  log: (line: string) => void,
): Promise<LoadMeasurement> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const statements = work[next++ % work.length]!;
      const t0 = performance.now();
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      try {
        const [first, ...rest] = statements;
        if (first) await session.run(first.cypher, first.params);
        if (rest.length > 0) {
          await session.executeRead(async (tx) => {
            for (const statement of rest) await tx.run(statement.cypher, statement.params);
          });
        }
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors += 1;
        if (errors === 1) log(`raw error: ${(error as Error).message}`);
      } finally {
        await session.close();
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { requests: latencies.length, seconds: (performance.now() - start) / 1000, errors, latencies };
}
