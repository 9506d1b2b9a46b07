/**
 * Co-citation agreement with the reference implementation: the same Web of Science export is read
 * by our reader and keyed by the loader's own citation rule (planCitations: DOI, else the cited-work
 * key of first author, year, source, volume and first page), and by metaknowledge
 * (metaknowledge_cocitation.py). Both networks count, for each pair of cited works, the records that
 * cite both. Reported:
 * - nodes: cited works whose set of printed references is the same on both sides;
 * - pairs: co-citation pairs between such works with the same count, over all pairs of either side.
 * Disagreements are listed by kind, since the two key rules differ on purpose (see the README).
 *
 * Usage: node --import tsx bench/cocitation/compare.ts <savedrecs.txt> [--python <python with metaknowledge>]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planCitations, referenceLookup } from '../../src/ingest/load/citations.ts';
import { wosReader } from '../../src/ingest/parse/formats/wos/reader.ts';
import type { SourceRecord } from '../../src/ingest/model.ts';

interface Network {
  /** Node id -> the printed references (whitespace collapsed) it stands for. */
  members: Map<string, Set<string>>;
  /** "a\u0000b" (a < b) -> records citing both. */
  pairs: Map<string, number>;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

async function* chunks(text: string): AsyncGenerator<string> {
  yield text;
}

async function ours(file: string): Promise<Network> {
  const records: SourceRecord[] = [];
  for await (const r of wosReader.read(chunks(readFileSync(file, 'utf8')), file)) if (r.ok) records.push(r.record);
  const sources = records.map((r, i) => ({
    sourceId: `src:${i}`,
    articleId: `Article:rec:${i}`,
    references: r.references,
  }));
  const plan = await planCitations(sources, () => []);
  const members = new Map<string, Set<string>>();
  const cited = new Map<string, Set<string>>();
  for (const e of plan.edges) {
    if (!cited.has(e.from)) cited.set(e.from, new Set());
    cited.get(e.from)!.add(e.to);
  }
  // Which node each printed reference went to: the same lookup the plan used, by its keys.
  const nodeOfKey = new Map<string, string>();
  for (const n of plan.nodes) for (const a of n.aliases) nodeOfKey.set(a, n.id);
  for (const r of records) {
    for (const ref of r.references) {
      const lookup = referenceLookup(ref);
      if (!lookup || !ref.text) continue;
      const id = lookup.keys.map((k) => nodeOfKey.get(k)).find((x) => x !== undefined);
      if (!id) continue;
      if (!members.has(id)) members.set(id, new Set());
      members.get(id)!.add(norm(ref.text));
    }
  }
  const pairs = new Map<string, number>();
  for (const targets of cited.values()) {
    const list = [...targets];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        pairs.set(pairKey(list[i]!, list[j]!), (pairs.get(pairKey(list[i]!, list[j]!)) ?? 0) + 1);
  }
  return { members, pairs };
}

function metaknowledge(file: string, python: string): Network {
  const script = fileURLToPath(new URL('./metaknowledge_cocitation.py', import.meta.url));
  const out = execFileSync(python, [script, file], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const data = JSON.parse(out) as {
    records: Array<{ cites: Array<[string, string]> }>;
    edges: Array<[string, string, number]>;
  };
  const members = new Map<string, Set<string>>();
  for (const r of data.records) {
    for (const [printed, id] of r.cites) {
      if (!members.has(id)) members.set(id, new Set());
      members.get(id)!.add(norm(printed));
    }
  }
  const pairs = new Map<string, number>();
  // metaknowledge adds a self-loop when one record cites two references with the same ID; a work is not co-cited with itself.
  for (const [a, b, w] of data.edges) if (a !== b) pairs.set(pairKey(a, b), w);
  return { members, pairs };
}

function compare(a: Network, b: Network) {
  const signature = (set: Set<string>) => [...set].sort().join('\u0001');
  const bBySignature = new Map([...b.members].map(([id, set]) => [signature(set), id]));
  const aToB = new Map<string, string>();
  for (const [id, set] of a.members) {
    const match = bBySignature.get(signature(set));
    if (match) aToB.set(id, match);
  }
  let same = 0;
  let differentCount = 0;
  const countExamples: Array<{ works: string[]; ours: number; metaknowledge: number }> = [];
  let unmatchedNodes = 0;
  const mappedB = new Set<string>();
  for (const [key, count] of a.pairs) {
    const [x, y] = key.split('\u0000') as [string, string];
    const bx = aToB.get(x);
    const by = aToB.get(y);
    if (!bx || !by) {
      unmatchedNodes++;
      continue;
    }
    const bKey = pairKey(bx, by);
    mappedB.add(bKey);
    const bCount = b.pairs.get(bKey);
    if (bCount === count) same++;
    else {
      differentCount++;
      if (countExamples.length < 5)
        countExamples.push({
          works: [...a.members.get(x)!, '+', ...a.members.get(y)!],
          ours: count,
          metaknowledge: bCount ?? 0,
        });
    }
  }
  const onlyB = [...b.pairs.keys()].filter((k) => !mappedB.has(k)).length;
  const union = a.pairs.size + onlyB;
  // Works the two rules draw differently: one of ours inside a larger one of theirs (they join works
  // we keep apart), the reverse, or overlapping otherwise.
  const bOf = new Map<string, string>();
  for (const [id, set] of b.members) for (const t of set) bOf.set(t, id);
  const aOf = new Map<string, string>();
  for (const [id, set] of a.members) for (const t of set) aOf.set(t, id);
  let theyJoin = 0;
  let weJoin = 0;
  let otherwise = 0;
  const examples: string[][] = [];
  for (const [id, set] of a.members) {
    if (aToB.has(id)) continue;
    const theirs = new Set([...set].map((t) => bOf.get(t)).filter((x): x is string => x !== undefined));
    const ours = [...theirs].flatMap((t) => [...b.members.get(t)!].map((x) => aOf.get(x)));
    if (
      theirs.size === 1 &&
      ours.every((o) => o === undefined || o !== id || true) &&
      [...set].every((t) => b.members.get([...theirs][0]!)!.has(t)) &&
      b.members.get([...theirs][0]!)!.size > set.size
    )
      theyJoin++;
    else if (theirs.size > 1 && [...theirs].every((t) => [...b.members.get(t)!].every((x) => set.has(x)))) weJoin++;
    else {
      otherwise++;
      if (examples.length < 10) examples.push([...set, '<->', ...[...theirs].flatMap((t) => [...b.members.get(t)!])]);
    }
  }
  return {
    nodes: {
      ours: a.members.size,
      metaknowledge: b.members.size,
      identical: aToB.size,
      metaknowledgeJoinsWorksWeKeepApart: theyJoin,
      weJoinPrintingsMetaknowledgeKeepsApart: weJoin,
      otherwise,
      otherwiseExamples: examples,
    },
    pairs: {
      ours: a.pairs.size,
      metaknowledge: b.pairs.size,
      identicalWithSameCount: same,
      sameWorksOtherCount: differentCount,
      sameWorksOtherCountExamples: countExamples,
      oursOnWorksMetaknowledgeSplitsOrJoins: unmatchedNodes,
      metaknowledgeOnly: onlyB,
      union,
    },
    agreement: union === 0 ? 1 : same / union,
    /** Among pairs of works both rules draw the same: the share with the same count (the counting itself). */
    agreementOnIdenticalWorks: same + differentCount === 0 ? 1 : same / (same + differentCount),
  };
}

const args = process.argv.slice(2);
const file = args[0];
if (!file) {
  console.error('usage: compare.ts <savedrecs.txt> [--python <python>]');
  process.exit(2);
}
const pyAt = args.indexOf('--python');
const python = pyAt >= 0 ? args[pyAt + 1]! : (process.env.PYTHON ?? 'python3');
const result = compare(await ours(file), metaknowledge(file, python));
console.log(JSON.stringify({ file, ...result, agreementPercent: Math.round(result.agreement * 10000) / 100 }, null, 2));
