/**
 * One operation compared: the API's answers checked against every idiomatic peer query (only those
 * that answer identically stay), the fastest of those chosen in short alternating trials, each side
 * warmed up until its throughput settles, then interleaved rounds in rotating order, from which the
 * median ratio and its spread are reported, with the CPU each process spent per request.
 */
import { isDeepStrictEqual } from 'node:util';
import neo4j, { type Driver, type ProfiledPlan } from 'neo4j-driver';
import { loadAverage1m } from '../harness/index.ts';
import type { Operation, PeerQuery } from '../operations.ts';
import { paramsFromJson } from '../countingDriver.ts';
import {
  endAbandonedTransactions,
  httpLoad,
  idleNeo4jCpuMsPerSecond,
  rawLoad,
  withCpu,
  type CpuSources,
  type Measurement,
  waitForIdleNeo4j,
} from './loadGenerators.ts';
import { post, type ServerProcess } from './servers.ts';

export interface SideResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests per second of each round, for the spread. */
  rounds: number[];
  /** Warm-up windows run before the rounds until throughput settled (warmUntilSettled). */
  warmupWindows: number;
  /** Server CPU milliseconds per request over all rounds (null for the raw floor, which has no server). */
  cpuMsPerRequest: number | null;
  /** Neo4j JVM CPU milliseconds per request over the same rounds (null when Neo4j is not local or was not readable in every round). */
  neo4jCpuMsPerRequest: number | null;
  /** This process's (the load generator's) CPU milliseconds per request over the same rounds. */
  clientCpuMsPerRequest: number;
  /** Server + Neo4j + client CPU milliseconds per request (the raw floor: Neo4j + client); null when a part is unknown. */
  totalCpuMsPerRequest: number | null;
}

/** How an operation is measured (bench/run.ts options). */
export interface CompareSettings {
  rounds: number;
  /** Seconds per side per round. */
  durationS: number;
  /** Seconds per warm-up window (and per trial of a peer alternative). */
  warmupS: number;
  /** Warm-up windows at most per side, when throughput does not settle. */
  maxWarmupWindows: number;
  connections: number;
}

/** A peer alternative as tried: whether it answered identically, its statements per request, its trial throughput. */
export interface PeerTrial {
  id: string;
  mismatches: number;
  /** The peer's first error when it failed on an input (e.g. Neo4j's transaction memory limit), else null: not a candidate. */
  failed: string | null;
  statementsPerRequest: number;
  /** Mean requests per second over the counted trial windows; null when it was not timed (answers differ, or it was the only one). */
  rps: number | null;
}

export interface OpResult {
  op: string;
  project: SideResult;
  peer: SideResult | null;
  raw: SideResult;
  projectStatements: number;
  peerStatements: number | null;
  /** The peer query measured (the fastest of those answering identically), and every one tried. */
  peerQuery: string | null;
  peerTrials: PeerTrial[];
  /** API ÷ peer throughput of each round (paired by round), their median and range. */
  ratioRounds: number[];
  ratioMedian: number | null;
  ratioSpread: { min: number; max: number } | null;
  profileDbHits: number | null;
  /** Neo4j's CPU ms per second with nothing sent, just before the rounds (idleNeo4jCpuMsPerSecond). */
  neo4jIdleCpuMsPerSecond: number | null;
  /** Statements a side's window left running in Neo4j and the bench ended (endAbandonedTransactions), by side. */
  abandonedEnded: Record<string, number>;
  /** 1-minute load average after each timed window. */
  loadAverage: number[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs windows of `seconds` until two consecutive ones differ by less than 10 % in throughput (at
 * most `maxWindows`): the first window after a short warm-up was seen running up to 4× slower than
 * later ones (JIT, Neo4j's query caches and page cache), which one fixed warm-up did not remove.
 * Returns the number of windows run.
 */
export async function warmUntilSettled(
  run: (seconds: number) => Promise<Measurement>,
  seconds: number,
  maxWindows: number,
): Promise<number> {
  let previous: number | null = null;
  for (let window = 1; window <= maxWindows; window += 1) {
    const m = await run(seconds);
    const rps = m.requests / m.seconds;
    if (previous !== null && Math.abs(rps - previous) < 0.1 * Math.max(rps, previous)) return window;
    previous = rps;
  }
  return maxWindows;
}

interface Servers {
  api: ServerProcess;
  peer: ServerProcess;
  raw: Driver;
  cpuSources: CpuSources;
}

/** Compares one operation over `list` (its inputs). Throws when no peer query answers as the API does: nothing is then timed. */
export async function compareOperation(
  op: Operation,
  list: readonly string[],
  servers: Servers,
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<OpResult> {
  const { api, peer, raw, cpuSources } = servers;
  const abandonedEnded: Record<string, number> = {};
  // After every timed window: what it left running in Neo4j is ended (a grace of 250 ms lets the
  // ordinary requests in flight finish), and when anything was, Neo4j is let go quiet before the
  // next window, so no side pays for another's leftovers.
  const windowDone = async (side: string): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const ended = await endAbandonedTransactions(raw, cpuSources);
    if (ended === 0) return;
    abandonedEnded[side] = (abandonedEnded[side] ?? 0) + ended;
    const idle = await waitForIdleNeo4j(cpuSources, 60);
    log(
      `${op.id}: ended ${ended} statements ${side}'s window left running in Neo4j` +
        (idle ? `; quiet again after ${idle.seconds.toFixed(0)} s (${idle.lastMsPerSecond.toFixed(0)} ms CPU/s)` : ''),
    );
  };
  const windowed =
    (side: string, run: (seconds: number) => Promise<Measurement>) =>
    async (seconds: number): Promise<Measurement> => {
      try {
        return await run(seconds);
      } finally {
        await windowDone(side);
      }
    };
  // Check: the API's answers and statements (recorded for the raw floor), then every peer alternative against them.
  const projectBodies = list.map((input) =>
    JSON.stringify({ query: op.project.query, variables: op.project.variables(input) }),
  );
  const replay: Array<Array<{ cypher: string; params: Record<string, unknown> }>> = [];
  const answers: unknown[] = [];
  let projectStatements = 0;
  for (let i = 0; i < list.length; i += 1) {
    await api.statements(true);
    const mine = await post(api.port, projectBodies[i]!);
    const recorded = await api.statements(false);
    if (mine.errors || !mine.data)
      throw new Error(`${op.id}(${list[i]}): API errors ${JSON.stringify(mine.errors).slice(0, 500)}`);
    projectStatements += recorded.count;
    replay.push(
      recorded.recorded!.map((statement) => ({ cypher: statement.cypher, params: paramsFromJson(statement.params) })),
    );
    answers.push(canonical(op.project.normalize(mine.data)));
  }
  const alternatives = op.peer ? (op.peerAlternatives ?? []) : [];
  const trials: Array<PeerTrial & { query: PeerQuery; bodies: string[] }> = [];
  for (const query of alternatives) {
    const bodies = list.map((input) => JSON.stringify({ query: query.query, variables: query.variables(input) }));
    let mismatches = 0;
    let statements = 0;
    let failed: string | null = null;
    for (let i = 0; i < list.length; i += 1) {
      await peer.statements();
      const theirs = await post(peer.port, bodies[i]!);
      statements += (await peer.statements()).count;
      if (theirs.errors || !theirs.data) {
        // An alternative the peer cannot answer (at 100k articles a connection over all articles passed
        // Neo4j's transaction memory limit) is no candidate, like one that answers differently; the
        // other alternatives are still tried, and the run stops only when none answers.
        failed = String((theirs.errors?.[0] as { message?: unknown } | undefined)?.message ?? 'no data').slice(0, 200);
        log(
          `${op.id}/${query.id}(${list[i]}): the peer failed, not a candidate: ${JSON.stringify(theirs.errors).slice(0, 500)}`,
        );
        break;
      }
      const b = canonical(query.normalize(theirs.data));
      if (!isDeepStrictEqual(answers[i], b)) {
        mismatches += 1;
        if (mismatches === 1)
          log(
            `${op.id}/${query.id}(${list[i]}) answers differ:\n  API  ${JSON.stringify(answers[i]).slice(0, 600)}\n  peer ${JSON.stringify(b).slice(0, 600)}`,
          );
      }
    }
    trials.push({
      id: query.id,
      mismatches,
      failed,
      statementsPerRequest: statements / list.length,
      rps: null,
      query,
      bodies,
    });
  }
  const perProject = projectStatements / list.length;
  log(
    `${op.id}: ${list.length} inputs, statements per request: API ${perProject}${trials.map((t) => `, peer ${t.id} ${t.failed ? '(failed)' : `${t.statementsPerRequest} (${t.mismatches} mismatches)`}`).join('')}`,
  );
  const candidates = trials.filter((t) => t.mismatches === 0 && t.failed === null);
  if (alternatives.length > 0 && candidates.length === 0)
    throw new Error(`${op.id}: no peer query answers as the API does; nothing is timed`);

  // Choose: with several candidates, one untimed warm window each, then two counted windows each in
  // opposite orders (A B C, C B A), so none always runs first or last; the highest mean throughput wins.
  if (candidates.length > 1) {
    const trial = (t: (typeof candidates)[number]) =>
      windowed(`peer ${t.id}`, (s) =>
        withCpu(peer, cpuSources, () => httpLoad(peer.port, t.bodies, s, settings.connections)),
      )(settings.warmupS);
    for (const t of candidates) await trial(t);
    const counted = new Map<string, number[]>();
    for (const order of [candidates, [...candidates].reverse()]) {
      for (const t of order) {
        const m = await trial(t);
        counted.set(t.id, [...(counted.get(t.id) ?? []), m.requests / m.seconds]);
      }
    }
    for (const t of candidates) t.rps = counted.get(t.id)!.reduce((a, b) => a + b, 0) / counted.get(t.id)!.length;
    log(`${op.id}: peer trials ${candidates.map((t) => `${t.id} ${t.rps!.toFixed(0)} req/s`).join(', ')}`);
  }
  const chosen =
    candidates.length === 0 ? null : candidates.reduce((best, t) => ((t.rps ?? 0) > (best.rps ?? 0) ? t : best));

  // Measure: each side warmed until settled, then rounds with the sides in a rotating order
  // (with two sides A B, B A, A B, …; with three A B C, B C A, C A B, …).
  const sides: Array<{ name: 'project' | 'peer' | 'raw'; run: (seconds: number) => Promise<Measurement> }> = [
    {
      name: 'project',
      run: windowed('the API', (s) =>
        withCpu(api, cpuSources, () => httpLoad(api.port, projectBodies, s, settings.connections)),
      ),
    },
    ...(chosen
      ? [
          {
            name: 'peer' as const,
            run: windowed(`peer ${chosen.id}`, (s: number) =>
              withCpu(peer, cpuSources, () => httpLoad(peer.port, chosen.bodies, s, settings.connections)),
            ),
          },
        ]
      : []),
    {
      name: 'raw',
      run: windowed('the raw floor', (s) =>
        withCpu(null, cpuSources, () => rawLoad(raw, replay, s, settings.connections, log)),
      ),
    },
  ];
  // The trials may have kept Neo4j busy (with what they left running ended, its own catch-up):
  // the sides warm up on a quiet database.
  await waitForIdleNeo4j(cpuSources, 60);
  const warmupWindows: Record<string, number> = { project: 0, peer: 0, raw: 0 };
  if (settings.warmupS > 0)
    for (const side of sides)
      warmupWindows[side.name] = await warmUntilSettled(side.run, settings.warmupS, settings.maxWarmupWindows);
  const neo4jIdleCpuMsPerSecond = await idleNeo4jCpuMsPerSecond(cpuSources, 1);
  const measured: Record<string, Measurement[]> = { project: [], peer: [], raw: [] };
  const loadAverage: number[] = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let k = 0; k < sides.length; k += 1) {
      const side = sides[(k + round) % sides.length]!;
      measured[side.name]!.push(await side.run(settings.durationS));
      loadAverage.push(loadAverage1m());
    }
  }
  const middle = replay[Math.floor(replay.length / 2)]!;
  const profileDbHits = middle.length === 1 ? await totalDbHits(raw, middle[0]!.cypher, middle[0]!.params) : null;
  const project = summarize(measured['project']!, true, warmupWindows['project']!);
  const peerSide = chosen ? summarize(measured['peer']!, true, warmupWindows['peer']!) : null;
  const ratioRounds = peerSide ? project.rounds.map((rps, i) => rps / peerSide.rounds[i]!) : [];
  return {
    op: op.id,
    project,
    peer: peerSide,
    raw: summarize(measured['raw']!, false, warmupWindows['raw']!),
    projectStatements: perProject,
    peerStatements: chosen ? chosen.statementsPerRequest : null,
    peerQuery: chosen?.id ?? null,
    peerTrials: trials.map(({ id, mismatches, failed, statementsPerRequest, rps }) => ({
      id,
      mismatches,
      failed,
      statementsPerRequest,
      rps,
    })),
    ratioRounds,
    ratioMedian: ratioRounds.length > 0 ? median(ratioRounds) : null,
    ratioSpread: ratioRounds.length > 0 ? { min: Math.min(...ratioRounds), max: Math.max(...ratioRounds) } : null,
    profileDbHits,
    neo4jIdleCpuMsPerSecond,
    abandonedEnded,
    loadAverage,
  };
}

export function summarize(measurements: Measurement[], hasServer: boolean, warmupWindows: number): SideResult {
  const latencies = measurements.flatMap((m) => m.latencies).sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
  const requests = measurements.reduce((sum, m) => sum + m.requests, 0);
  const seconds = measurements.reduce((sum, m) => sum + m.seconds, 0);
  const cpuMsPerRequest =
    hasServer && measurements.every((m) => m.serverCpuMs !== undefined)
      ? measurements.reduce((sum, m) => sum + m.serverCpuMs!, 0) / requests
      : null;
  const neo4jCpuMsPerRequest = measurements.every((m) => m.neo4jCpuMs !== null)
    ? measurements.reduce((sum, m) => sum + m.neo4jCpuMs!, 0) / requests
    : null;
  const clientCpuMsPerRequest = measurements.reduce((sum, m) => sum + m.clientCpuMs, 0) / requests;
  return {
    rps: requests / seconds,
    p50: at(50),
    p99: at(99),
    errors: measurements.reduce((sum, m) => sum + m.errors, 0),
    rounds: measurements.map((m) => m.requests / m.seconds),
    warmupWindows,
    cpuMsPerRequest,
    neo4jCpuMsPerRequest,
    clientCpuMsPerRequest,
    totalCpuMsPerRequest:
      neo4jCpuMsPerRequest === null || (hasServer && cpuMsPerRequest === null)
        ? null
        : (cpuMsPerRequest ?? 0) + neo4jCpuMsPerRequest + clientCpuMsPerRequest,
  };
}

/**
 * What the CPU model says of `project` against `other` (the peer or the raw floor): if every core
 * is busy, throughput is inversely proportional to the CPU all processes spend per request, so
 * the throughput ratio should be other's total ÷ project's total (`predicted`); and were the API
 * server free, the project's total would be its Neo4j and client parts alone (`ifApiCostNothing`,
 * the most any work on the API process can reach). Null where a part is unknown.
 */
export function cpuModel(
  project: SideResult,
  other: SideResult,
): { predicted: number | null; ifApiCostNothing: number | null } {
  if (
    project.totalCpuMsPerRequest === null ||
    other.totalCpuMsPerRequest === null ||
    project.neo4jCpuMsPerRequest === null
  )
    return { predicted: null, ifApiCostNothing: null };
  return {
    predicted: other.totalCpuMsPerRequest / project.totalCpuMsPerRequest,
    ifApiCostNothing: other.totalCpuMsPerRequest / (project.neo4jCpuMsPerRequest + project.clientCpuMsPerRequest),
  };
}

/** Keys sorted, so two answers compare by content. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

export async function totalDbHits(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<number> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`PROFILE ${cypher}`, params);
    const sum = (plan: ProfiledPlan): number => plan.dbHits + plan.children.reduce((acc, child) => acc + sum(child), 0);
    return result.summary.profile ? sum(result.summary.profile) : NaN;
  } finally {
    await session.close();
  }
}
