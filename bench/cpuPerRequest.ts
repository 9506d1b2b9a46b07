/**
 * `npm run bench:cpu` — the API server's own CPU time per request, operation by
 * operation, optionally beside the API server of another checkout of the project (--other), the
 * two measured in the same run, interleaved in rotating order, so a change to the server side is
 * judged by a noise-robust figure (process CPU time, not throughput) against the code it started from.
 *
 * Options:
 *   --size 10000          articles (the corpus of bench/run.ts; loaded through the bulk path into
 *                         bench/corpus/neo4j-<size> once and reused after, as `bench/run.ts --reuse` does)
 *   --ops a,b             operations of bench/operations.ts (default: topicPage,twoTopics,coOccurrence,hundred,articleByDoi)
 *   --rounds 3            interleaved rounds per side; the median of the rounds is reported
 *   --duration 5          seconds per side per round (after one untimed warm-up window of the same length)
 *   --connections 10      requests in flight
 *   --other DIR           the root of another checkout: its bench/apiServer.ts is measured beside this one's
 *   --peer                the peer (@neo4j/graphql, bench/peerServer.ts) too, with the query bench/results.json
 *                         chose for the operation at this size (else its first alternative), its answers checked
 *   --profile DIR         write a V8 CPU profile of each server process into DIR
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchArticles, logger, RESULTS_JSON, targetOf } from './harness/index.ts';
import { OPERATIONS } from './operations.ts';
import { canonical } from './run/compare.ts';
import { chooseInputs } from './run/inputs.ts';
import { httpLoad } from './run/loadGenerators.ts';
import { keptBulkCorpus } from './run/loads.ts';
import { post, startServer, type ServerProcess } from './run/servers.ts';

process.setSourceMapsEnabled(false);

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    ops: { type: 'string', default: 'topicPage,twoTopics,coOccurrence,hundred,articleByDoi' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    other: { type: 'string', default: '' },
    peer: { type: 'boolean', default: false },
    profile: { type: 'string', default: '' },
  },
});
const size = Number(flags.size);
const rounds = Number(flags.rounds);
const duration = Number(flags.duration);
const connections = Number(flags.connections);
const log = logger('cpu');

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const { local, corpusOptions } = await keptBulkCorpus(size, log);
  let peerServer: ServerProcess | null = null;
  const servers: Array<{ name: string; server: ServerProcess; bodies?: string[] }> = [];
  try {
    const inputs = chooseInputs(benchArticles(size, corpusOptions), size);
    const target = targetOf(local);
    servers.push({ name: 'this', server: await startServer('apiServer.ts', target, flags.profile!) });
    if (flags.other)
      servers.push({
        name: 'other',
        server: await startServer('apiServer.ts', target, flags.profile!, path.resolve(flags.other!, 'bench')),
      });
    const peer = flags.peer ? await startServer('peerServer.ts', target) : null;
    peerServer = peer;
    /** The peer query the last full run measured for each operation at this size. */
    const chosenPeer = new Map<string, string>();
    if (peer && existsSync(RESULTS_JSON))
      for (const entry of (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { peer?: Array<Record<string, unknown>> })
        .peer ?? [])
        if (entry['articles'] === size) chosenPeer.set(String(entry['operation']), String(entry['peerQuery']));
    const table: string[] = [];
    for (const id of flags.ops!.split(',')) {
      const op = OPERATIONS.find((o) => o.id === id);
      if (!op) throw new Error(`no operation ${id}`);
      const list = inputs[op.input];
      const bodies = list.map((input) =>
        JSON.stringify({ query: op.project.query, variables: op.project.variables(input) }),
      );
      // What the API sends Neo4j per request (statements, Cypher characters), from the first input.
      const first = servers[0]!.server;
      await first.statements(true);
      await post(first.port, bodies[0]!);
      const sent = (await first.statements(false)).recorded ?? [];
      log(
        `${id}: ${sent.length} statement(s) per request, ${sent.reduce((n, s) => n + s.cypher.length, 0)} characters of Cypher, ${sent.reduce((n, s) => n + s.params.length, 0)} of parameters (JSON)`,
      );
      // The same answers from every server, before anything is timed.
      for (const [i, body] of bodies.entries()) {
        const answers = await Promise.all(servers.map(({ server }) => post(server.port, body)));
        for (const answer of answers)
          if (answer.errors || !answer.data) throw new Error(`${id}(${list[i]}): ${JSON.stringify(answer.errors)}`);
        const texts = answers.map((a) => JSON.stringify(a));
        if (texts.some((t) => t !== texts[0])) throw new Error(`${id}(${list[i]}): the servers answer differently`);
      }
      const sides = [...servers];
      const query = op.peerAlternatives?.find((q) => q.id === chosenPeer.get(id)) ?? op.peerAlternatives?.[0];
      if (peer && op.peer && query) {
        const peerBodies = list.map((input) =>
          JSON.stringify({ query: query.query, variables: query.variables(input) }),
        );
        for (const [i, body] of peerBodies.entries()) {
          const [mine, theirs] = await Promise.all([post(servers[0]!.server.port, bodies[i]!), post(peer.port, body)]);
          if (
            theirs.errors ||
            !isDeepStrictEqual(canonical(op.project.normalize(mine.data)), canonical(query.normalize(theirs.data)))
          )
            throw new Error(`${id}(${list[i]}): the peer's ${query.id} answers differently`);
        }
        sides.push({ name: `peer ${query.id}`, server: peer, bodies: peerBodies });
      }
      const perRequest: Record<string, number[]> = {};
      const run = async (server: ServerProcess, sent: readonly string[] = bodies) => {
        const before = await server.cpuMs();
        const m = await httpLoad(server.port, sent, duration, connections);
        const cpu = (await server.cpuMs()) - before;
        if (m.errors > 0) throw new Error(`${id}: ${m.errors} errors`);
        return { cpuPerRequest: cpu / m.requests, rps: m.requests / m.seconds };
      };
      for (const side of sides) await run(side.server, side.bodies);
      for (let round = 0; round < rounds; round += 1) {
        for (let k = 0; k < sides.length; k += 1) {
          const { name, server, bodies: sent } = sides[(k + round) % sides.length]!;
          const r = await run(server, sent);
          (perRequest[name] ??= []).push(r.cpuPerRequest);
          log(
            `${id} round ${round + 1} ${name}: ${r.cpuPerRequest.toFixed(3)} ms CPU/request, ${r.rps.toFixed(0)} req/s`,
          );
        }
      }
      const line = `${id}: ${sides.map(({ name }) => `${name} ${median(perRequest[name]!).toFixed(3)} ms (${perRequest[name]!.map((v) => v.toFixed(3)).join(', ')})`).join(' | ')}`;
      table.push(line);
      log(line);
    }
    console.log(`server CPU ms per request, median of ${rounds} rounds at ${size} articles:\n${table.join('\n')}`);
  } finally {
    for (const { server } of servers) await server.stop().catch(() => undefined);
    await peerServer?.stop().catch(() => undefined);
    await local.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
