/**
 * What a run of bench/run.ts writes: the results.json keys (`peer`, `raw`, `latency`, `load`, the
 * machine and settings) and the generated Markdown tables (bench/RESULTS.generated.md).
 */
import { DEFAULT_HEAP, DEFAULT_PAGE_CACHE, type MachineFacts } from '../harness/index.ts';
import type { Operation } from '../operations.ts';
import { cpuModel, type CompareSettings, type OpResult, type SideResult } from './compare.ts';
import type { LoadChoice, LoadResult } from './loads.ts';

/** The statements left running that the bench ended, by side (nothing when none). */
const endedNote = (ended: Record<string, number> | undefined): string => {
  const parts = Object.entries(ended ?? {}).map(([side, n]) => `${n} by ${side}`);
  return parts.length > 0 ? ` (ended ${parts.join(', ')})` : '';
};

export interface SizeResult {
  size: number;
  /** How the size was loaded (--load): both ways and compared, or one way alone. */
  load: LoadChoice;
  counts: Record<string, number>;
  loadSeconds: number;
  loadReused: boolean;
  readIndexSeconds: number;
  inputs: Record<string, string>;
  ops: OpResult[];
  /** Every load measured at this size: transactional, bulk, incremental and its repeat. */
  loads: LoadResult[];
  /** Whether the transactional and bulk loads built the same graph (canonical dump digests equal); null when only one ran (see `load`). */
  sameGraph: boolean | null;
  /** What the repeated incremental import added (it should add no article and no relationship between entities). */
  incrementalRepeatAdded: { nodes: number; articles: number; relationships: number } | null;
}

/** How the run was made, for the report. */
export interface RunFacts {
  date: string;
  machine: MachineFacts;
  settings: CompareSettings & { seed: number; incrementalRecords: string; load: string };
  operations: readonly Operation[];
}

export const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
export const ms = (n: number) => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
/** A side's CPU per request as server·Neo4j·client = total (ms; "–" for a part not measured, e.g. the raw floor's server). */
export const cpuParts = (side: SideResult) =>
  `${ms(side.cpuMsPerRequest ?? NaN)}·${ms(side.neo4jCpuMsPerRequest ?? NaN)}·${ms(side.clientCpuMsPerRequest)} = ${ms(side.totalCpuMsPerRequest ?? NaN)}`;
/** A figure of results.json: rounded, or null when not measured. */
export const round3 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(3)));
export const round2 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(2)));

const loadAverageSummary = (results: SizeResult[]) => {
  const loads = results
    .flatMap((r) => [...r.ops.flatMap((o) => o.loadAverage), ...r.loads.flatMap((l) => l.loadAverage)])
    .filter(Number.isFinite);
  return loads.length === 0
    ? null
    : {
        min: Math.min(...loads),
        mean: Number((loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2)),
        max: Math.max(...loads),
      };
};

function machine(results: SizeResult[], facts: RunFacts): Record<string, unknown> {
  return {
    ...facts.machine,
    neo4j: `Neo4j 5.26 Community, embedded (neo4j-local), heap ${DEFAULT_HEAP}, page cache ${DEFAULT_PAGE_CACHE}, one per corpus size`,
    peer: '@neo4j/graphql 7.6.3 on Apollo Server 5 / Express 5, own process, cache-control and landing-page plugins off as on the API',
    loadAverage1m: loadAverageSummary(results),
    settings: facts.settings,
  };
}

export function resultsJson(results: SizeResult[], facts: RunFacts): Record<string, unknown> {
  return {
    date: facts.date,
    machine: machine(results, facts),
    peer: results.flatMap((r) =>
      r.ops
        .filter((o) => o.peer)
        .map((o) => ({
          operation: o.op,
          articles: r.size,
          // The median of the per-round ratios (rounds paired in their rotating order); `rounds` holds each, `spread` their range.
          ratio: round2(o.ratioMedian),
          rounds: o.ratioRounds.map((x) => Number(x.toFixed(2))),
          spread: o.ratioSpread && {
            min: Number(o.ratioSpread.min.toFixed(2)),
            max: Number(o.ratioSpread.max.toFixed(2)),
          },
          pooledRatio: Number((o.project.rps / o.peer!.rps).toFixed(2)),
          peerQuery: o.peerQuery,
          peerAlternatives: o.peerTrials.map((t) => ({
            id: t.id,
            identicalAnswers: t.failed === null && t.mismatches === 0,
            ...(t.failed === null ? {} : { failed: t.failed }),
            statementsPerRequest: t.statementsPerRequest,
            trialRps: t.rps === null ? null : Number(t.rps.toFixed(1)),
          })),
          warmupWindows: { api: o.project.warmupWindows, peer: o.peer!.warmupWindows },
          projectRps: Number(o.project.rps.toFixed(1)),
          peerRps: Number(o.peer!.rps.toFixed(1)),
          statementsPerRequest: o.projectStatements,
          peerStatementsPerRequest: o.peerStatements,
          projectCpuMsPerRequest: round3(o.project.cpuMsPerRequest),
          peerCpuMsPerRequest: round3(o.peer!.cpuMsPerRequest),
          projectNeo4jCpuMsPerRequest: round3(o.project.neo4jCpuMsPerRequest),
          peerNeo4jCpuMsPerRequest: round3(o.peer!.neo4jCpuMsPerRequest),
          projectClientCpuMsPerRequest: round3(o.project.clientCpuMsPerRequest),
          peerClientCpuMsPerRequest: round3(o.peer!.clientCpuMsPerRequest),
          projectTotalCpuMsPerRequest: round3(o.project.totalCpuMsPerRequest),
          peerTotalCpuMsPerRequest: round3(o.peer!.totalCpuMsPerRequest),
          predictedRatio: round2(cpuModel(o.project, o.peer!).predicted),
          ratioIfApiCostNothing: round2(cpuModel(o.project, o.peer!).ifApiCostNothing),
          neo4jIdleCpuMsPerSecond: round2(o.neo4jIdleCpuMsPerSecond),
          abandonedEnded: o.abandonedEnded,
        })),
    ),
    raw: results.flatMap((r) =>
      r.ops.map((o) => ({
        operation: o.op,
        articles: r.size,
        ratio: Number((o.project.rps / o.raw.rps).toFixed(2)),
        rounds: o.project.rounds.map((rps, i) => Number((rps / o.raw.rounds[i]!).toFixed(2))),
        rawNeo4jCpuMsPerRequest: round3(o.raw.neo4jCpuMsPerRequest),
        rawClientCpuMsPerRequest: round3(o.raw.clientCpuMsPerRequest),
        rawTotalCpuMsPerRequest: round3(o.raw.totalCpuMsPerRequest),
        projectTotalCpuMsPerRequest: round3(o.project.totalCpuMsPerRequest),
        predictedRatio: round2(cpuModel(o.project, o.raw).predicted),
        ratioIfApiCostNothing: round2(cpuModel(o.project, o.raw).ifApiCostNothing),
        neo4jIdleCpuMsPerSecond: round2(o.neo4jIdleCpuMsPerSecond),
      })),
    ),
    latency: latencyEntries(results),
    load: loadEntries(results),
  };
}

/** The `latency` entries: p50 and p99 of each side over all its timed rounds (autocannon's response times). */
export function latencyEntries(results: SizeResult[]) {
  return results.flatMap((r) =>
    r.ops.flatMap((o) => [
      {
        operation: o.op,
        articles: r.size,
        p50Ms: round2(o.project.p50),
        p99Ms: round2(o.project.p99),
        side: 'api' as const,
      },
      ...(o.peer
        ? [
            {
              operation: o.op,
              articles: r.size,
              p50Ms: round2(o.peer.p50),
              p99Ms: round2(o.peer.p99),
              side: 'peer' as const,
            },
          ]
        : []),
    ]),
  );
}

/** What this benchmark's `load` entries say they come from. */
export const LOAD_SOURCE = 'bench/run.ts';

/**
 * The `load` entries of results.json that another benchmark wrote (bench/bulkLoad.ts marks its own
 * with `source`): a run of this one replaces its own entries, all of them, and keeps those.
 */
export function otherLoadEntries(existing: unknown): unknown[] {
  return Array.isArray(existing)
    ? existing.filter((e) => {
        const source = (e as { source?: unknown } | null)?.source;
        return typeof source === 'string' && source !== LOAD_SOURCE;
      })
    : [];
}

/** The `load` entries of results.json: one per size and mode (a reused corpus has no new transactional figure). */
export function loadEntries(results: SizeResult[]) {
  return results.flatMap((r) =>
    r.loads.map((l) => ({
      articles: r.size,
      mode: l.mode,
      seconds: Number(l.seconds.toFixed(1)),
      peakRssMb: l.peakRssMb,
      peakChildRssMb: l.peakChildRssMb,
      records: l.records,
      ...(l.mode === 'incremental' ? { repeat: l.repeat === true } : {}),
      ...(l.mode === 'incremental' && l.repeat && r.incrementalRepeatAdded
        ? { repeatAdded: r.incrementalRepeatAdded }
        : {}),
      loadAverage1m: l.loadAverage.map((x) => Number(x.toFixed(2))),
      ...(l.phases ? { phases: l.phases } : {}),
      ...(l.corpus ? { corpus: l.corpus } : {}),
      ...(l.spilledRuns !== undefined ? { spilledRuns: l.spilledRuns, spilledMb: l.spilledMb } : {}),
      ...(l.heapLimitMb !== undefined ? { heapLimitMb: l.heapLimitMb } : {}),
      ...(l.mode !== 'incremental'
        ? r.sameGraph !== null
          ? { sameGraphAsOtherMethod: r.sameGraph, comparedBy: l.comparedBy }
          : { sameGraphAsOtherMethod: null, comparedBy: notCompared(r) }
        : {}),
      source: LOAD_SOURCE,
    })),
  );
}

/** Why a size's load was compared with nothing: it was loaded one way only. */
export const notCompared = (r: Pick<SizeResult, 'load'>): string => `not compared: ${r.load} only`;

/** The load table (every mode), also written on its own by --load-only. */
export function renderLoads(results: SizeResult[], date: string): string {
  const out = [
    `### Load time by mode (${date})`,
    '',
    'Each size loaded twice in one run (`--load both`, the default up to 200,000 articles), one after the other: the transactional loader (`loadArticles`, incl. index catch-up) into one local Neo4j, then the bulk path (`bulkLoadLocal`: plan, import files, `neo4j-admin database import full`, start, schema and all indexes online) into a new one; both graphs then compared by a canonical dump of every node and relationship with typed properties (above 200,000 articles by node, article and relationship counts: the dump is held in memory). ' +
      'With `--load bulk` (the default above 200,000 articles) the bulk path alone, the corpus streamed from its generator, into the Neo4j the rest of the run uses; nothing compared. ' +
      'After the API measurements, new records are imported into the loaded graph (the transactional one if both; incremental), then the same records again (repeat). ' +
      'Peak RSS: this process, which also holds the corpus unless streamed; "started" is the peak of the processes started during the load (bulk: the import tool, then Neo4j).',
    '',
  ];
  out.push(
    '| Articles | Mode | Records | Seconds | Peak RSS MB (this / started) | Load average (1 min) at start → end | Phases (s) | Same graph / repeat added |',
    '| ---: | --- | ---: | ---: | ---: | --- | --- | --- |',
  );
  for (const r of results) {
    for (const l of r.loads) {
      const phases = l.phases
        ? Object.entries(l.phases)
            .filter(([k]) => k !== 'total')
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : '–';
      const check =
        l.mode === 'incremental'
          ? l.repeat && r.incrementalRepeatAdded
            ? `${r.incrementalRepeatAdded.articles} articles, ${r.incrementalRepeatAdded.relationships} relationships, ${r.incrementalRepeatAdded.nodes} nodes`
            : '–'
          : r.sameGraph === null
            ? notCompared(r)
            : `${r.sameGraph ? 'yes' : '**no**'} (${l.comparedBy === 'counts' ? 'node and relationship counts' : `${l.lines} lines`})`;
      out.push(
        `| ${r.size} | ${l.mode}${l.repeat ? ' (repeat)' : ''} | ${l.records} | ${l.seconds.toFixed(1)} | ${l.peakRssMb} / ${l.peakChildRssMb} | ${f2(l.loadAverage[0])} → ${f2(l.loadAverage[1])} | ${phases} | ${check} |`,
      );
    }
  }
  return out.join('\n');
}

const code = (query: string) => `\`${query.replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\``;

export function renderReport(results: SizeResult[], facts: RunFacts): string {
  const m = facts.machine;
  const s = facts.settings;
  const la = loadAverageSummary(results);
  const out: string[] = ['## Measured (generated by `npm run bench`)', ''];
  out.push('| Fact | Value |', '| --- | --- |');
  out.push(
    `| Date | ${facts.date} |`,
    `| Machine | ${m.cpu}, ${m.cores} cores (nproc), ${m.memoryGiB} GiB |`,
    `| OS / Node / Java | ${m.os} / ${m.node} / ${m.java} |`,
    `| Commit | ${m.commit} |`,
  );
  out.push(
    `| Neo4j | Neo4j 5.26 Community, embedded (neo4j-local), heap ${DEFAULT_HEAP}, page cache ${DEFAULT_PAGE_CACHE}, one per corpus size |`,
    '| Peer | @neo4j/graphql 7.6.3 on Apollo Server 5 / Express 5, own process, the same Apollo plugins off as on the API |',
  );
  out.push(`| Load average (1 min) at the start | ${m.loadAverage.join(', ')} (1, 5, 15 min) |`);
  out.push(
    `| Load average (1 min) during the measurements | ${la ? `min ${f2(la.min)}, mean ${f2(la.mean)}, max ${f2(la.max)}` : '–'} |`,
  );
  out.push(
    `| Settings | ${s.rounds} rounds × ${s.durationS} s per side in rotating order, warm-up windows of ${s.warmupS} s until two differ by < 10 % (at most ${s.maxWarmupWindows}), ${s.connections} requests in flight, seed ${s.seed}, load ${s.load}, incremental import of ${s.incrementalRecords} |`,
    '',
  );
  out.push(
    '### Corpus and load time',
    '',
    "| Articles | Authors | Topics | Relationships | Load (the measured graph's loader, incl. index catch-up) | Read indexes built after |",
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results) {
    out.push(
      `| ${r.size} | ${r.counts['authors']} | ${r.counts['topics']} | ${r.counts['relationships']} | ${r.loadSeconds.toFixed(1)} s (${r.load === 'bulk' ? 'bulk' : 'transactional'}${r.loadReused ? ', earlier run' : ''}) | ${r.readIndexSeconds.toFixed(1)} s |`,
    );
  }
  if (results.some((r) => r.loads.length > 0)) out.push('', renderLoads(results, facts.date));
  out.push('', '### Inputs', '', '| Articles | Topics | Authors | Most popular topic |', '| ---: | --- | --- | --- |');
  for (const r of results)
    out.push(`| ${r.size} | ${r.inputs['topics']} | ${r.inputs['authors']} | ${r.inputs['topTopic']} |`);
  out.push(
    '',
    '### Operations',
    '',
    '| Operation | This API | @neo4j/graphql (every alternative tried) |',
    '| --- | --- | --- |',
  );
  for (const op of facts.operations) {
    const peer =
      op.peer && op.peerAlternatives
        ? op.peerAlternatives.map((q) => `${q.id}: ${code(q.query)}`).join('<br>')
        : '– (API against the raw floor only)';
    out.push(`| **${op.id}**: ${op.title} | ${code(op.project.query)} | ${peer} |`);
  }
  out.push(
    '',
    'The peer query measured is, per operation and size, the fastest of the alternatives that answered every input identically to the API, by mean throughput over two trial windows each in opposite orders after one untimed window. ' +
      'The ratio is the median of the per-round ratios (API round k ÷ peer round k, the sides in rotating order), with their range. ' +
      "CPU per request, read over exactly the timed rounds of each side: the server process (its own count), the Neo4j JVM (the kernel's count, local Neo4j only) and the benchmark process that generates the load (for the raw floor also its driver, the floor having no server). " +
      'With every core busy, throughput goes as 1 ÷ the sum of the three, so "predicted" is the other side\'s total ÷ the API\'s total, and "if the API cost nothing" is the other side\'s total ÷ (the API side\'s Neo4j + client): the most the ratio can reach by work on the API process alone. ' +
      '"Neo4j CPU ms/s idle" is what Neo4j spent per second with nothing sent, just before the rounds; after every window the statements it left running in Neo4j (requests the load generator dropped when the window ended, which the server goes on with) are ended and Neo4j is let go quiet, and how many were ended is given beside it, by side. Other load on the machine takes CPU from both sides alike and shows in none of these figures.',
  );
  for (const r of results) {
    out.push('', `### ${r.size} articles`, '');
    out.push(
      '| Operation | API req/s | peer req/s | API / peer median (range) | per round | peer query (trial req/s) | raw req/s | API / raw | API p50 / p99 ms | peer p50 / p99 ms | server CPU ms per request (API / peer) | CPU ms/request server·Neo4j·client = total (API / peer / raw) | API / peer predicted by CPU · if the API cost nothing | API / raw predicted by CPU · if the API cost nothing | Neo4j CPU ms/s idle | statements per request (API / peer) | warm-up windows (API / peer / raw) | PROFILE db hits (API statement) | errors (API/peer/raw) |',
    );
    out.push(
      '| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
    );
    for (const o of r.ops) {
      const model = (other: SideResult) => {
        const { predicted, ifApiCostNothing } = cpuModel(o.project, other);
        return `${f2(predicted ?? NaN)}× · ${f2(ifApiCostNothing ?? NaN)}×`;
      };
      const ratio =
        o.ratioMedian === null ? '–' : `${f2(o.ratioMedian)}× (${f2(o.ratioSpread!.min)}–${f2(o.ratioSpread!.max)})`;
      const trials =
        o.peerTrials.length === 0
          ? '–'
          : o.peerTrials
              .map((t) =>
                `${t.id === o.peerQuery ? `**${t.id}**` : t.id} ${t.failed !== null ? '(failed)' : t.mismatches > 0 ? '(answers differ)' : t.rps === null ? '' : f0(t.rps)}`.trim(),
              )
              .join(', ');
      out.push(
        `| ${o.op} | ${f0(o.project.rps)} | ${o.peer ? f0(o.peer.rps) : '–'} | ${ratio} | ${o.ratioRounds.map(f2).join(', ') || '–'} | ${trials} | ${f0(o.raw.rps)} | ${f0((o.project.rps / o.raw.rps) * 100)} % | ${ms(o.project.p50)} / ${ms(o.project.p99)} | ${o.peer ? `${ms(o.peer.p50)} / ${ms(o.peer.p99)}` : '–'} | ${ms(o.project.cpuMsPerRequest ?? NaN)} / ${o.peer ? ms(o.peer.cpuMsPerRequest ?? NaN) : '–'} | ${cpuParts(o.project)} / ${o.peer ? cpuParts(o.peer) : '–'} / ${cpuParts(o.raw)} | ${o.peer ? model(o.peer) : '–'} | ${model(o.raw)} | ${f0(o.neo4jIdleCpuMsPerSecond ?? NaN)}${endedNote(o.abandonedEnded)} | ${o.projectStatements} / ${o.peerStatements ?? '–'} | ${o.project.warmupWindows} / ${o.peer?.warmupWindows ?? '–'} / ${o.raw.warmupWindows} | ${o.profileDbHits ?? '–'} | ${o.project.errors}/${o.peer?.errors ?? '–'}/${o.raw.errors} |`,
      );
    }
  }
  const top = results
    .map((r) => ({ size: r.size, op: r.ops.find((o) => o.op === 'topTopicPage') }))
    .filter((x) => x.op);
  if (top.length > 1) {
    const first = top[0]!;
    out.push(
      '',
      `### The most popular topic's first page, against its page at ${first.size} articles`,
      '',
      '| Articles | API p50 ms | ratio to the smallest | raw p50 ms | ratio | PROFILE db hits |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const t of top) {
      out.push(
        `| ${t.size} | ${ms(t.op!.project.p50)} | ${f2(t.op!.project.p50 / first.op!.project.p50)}× | ${ms(t.op!.raw.p50)} | ${f2(t.op!.raw.p50 / first.op!.raw.p50)}× | ${t.op!.profileDbHits ?? '–'} |`,
      );
    }
  }
  return out.join('\n');
}
