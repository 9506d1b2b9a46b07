import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { generateArticles, generateCorpus } from '../../helpers/generateCorpus.ts';
import { newArticles } from '../../../bench/harness/corpus.ts';
import { pageCacheSetting } from '../../../bench/harness/neo4j.ts';
import { writeGeneratedSection, writeResultsJson } from '../../../bench/harness/results.ts';
import { OPERATIONS } from '../../../bench/operations.ts';
import { warmUntilSettled } from '../../../bench/run/compare.ts';
import type { Measurement } from '../../../bench/run/loadGenerators.ts';

// @neo4j/graphql builds its schema with the CommonJS build of graphql; under vitest an ESM import would
// be a second copy that refuses that schema, so the same CommonJS build validates the queries.
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-harness-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the corpus generator', () => {
  it('streams the same articles as the array form, sharing one object per author', () => {
    const options = { articles: 300, seed: 7, references: true };
    const streamed = [...generateArticles(options)];
    expect(streamed).toEqual(generateCorpus(options));
    const byKey = new Map<string, object>();
    let shared = 0;
    for (const a of streamed)
      for (const w of a.authorships) {
        const seen = byKey.get(w.author.key);
        if (seen) {
          expect(seen).toBe(w.author);
          shared += 1;
        } else byKey.set(w.author.key, w.author);
      }
    expect(shared).toBeGreaterThan(0);
  });

  it('gives an incremental import articles that are not in the corpus', () => {
    const corpus = generateCorpus({ articles: 200, seed: 42 });
    const added = newArticles(200, 20);
    expect(added).toHaveLength(20);
    expect(added.map((a) => a.doi)).toEqual(Array.from({ length: 20 }, (_, i) => `10.99999/synthetic.${201 + i}`));
    const dois = new Set(corpus.map((a) => a.doi));
    expect(added.some((a) => dois.has(a.doi))).toBe(false);
  });
});

describe('warm-up until throughput settles', () => {
  const windows = (rates: number[]) => {
    let i = 0;
    return async (): Promise<Measurement> => ({
      requests: rates[Math.min(i++, rates.length - 1)]!,
      seconds: 1,
      errors: 0,
      latencies: [],
      neo4jCpuMs: null,
      clientCpuMs: 0,
    });
  };

  it('stops at the first window within 10 % of the one before', async () => {
    expect(await warmUntilSettled(windows([100, 300, 400, 420, 425]), 1, 10)).toBe(4);
  });

  it('stops at the cap when throughput keeps moving', async () => {
    expect(await warmUntilSettled(windows([100, 200, 400, 800, 1600]), 1, 3)).toBe(3);
  });
});

describe('results files', () => {
  it('replaces only its own generated section', () => {
    const file = path.join(tempDir(), 'generated.md');
    writeGeneratedSection('a.ts', 'first A', file);
    writeGeneratedSection('b.ts (x)', 'first B', file);
    writeGeneratedSection('a.ts', 'second A', file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('second A');
    expect(text).not.toContain('first A');
    expect(text).toContain('<!-- BEGIN GENERATED (b.ts (x)) -->\nfirst B\n<!-- END GENERATED (b.ts (x)) -->');
    expect(text.indexOf('second A')).toBeLessThan(text.indexOf('first B'));
  });

  it('keeps the keys of other benchmarks in results.json', () => {
    const file = path.join(tempDir(), 'results.json');
    writeFileSync(file, JSON.stringify({ import: { runs: [1] }, peer: ['old'] }));
    writeResultsJson({ peer: ['new'], latency: [] }, file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ import: { runs: [1] }, peer: ['new'], latency: [] });
  });
});

describe('the peer queries', () => {
  it('are valid against the peer schema, and every compared operation has at least one', async () => {
    const typeDefs = readFileSync(new URL('../../../bench/peer/typeDefs.graphql', import.meta.url), 'utf8');
    const schema = await new Neo4jGraphQL({ typeDefs }).getSchema();
    for (const op of OPERATIONS) {
      if (op.peer) expect(op.peerAlternatives?.length, op.id).toBeGreaterThan(0);
      for (const query of op.peerAlternatives ?? [])
        expect(validate(schema, parse(query.query)).map((e) => `${op.id}/${query.id}: ${e.message}`)).toEqual([]);
      expect(new Set((op.peerAlternatives ?? []).map((q) => q.id)).size).toBe(op.peerAlternatives?.length ?? 0);
    }
  });
});

describe('the page cache setting (BENCH_PAGE_CACHE)', () => {
  it('is 512m when not given, the size given otherwise, and refuses what Neo4j would not read', () => {
    expect(pageCacheSetting(undefined)).toBe('512m');
    expect(pageCacheSetting('')).toBe('512m');
    expect(pageCacheSetting('8G')).toBe('8g');
    expect(pageCacheSetting('1500m')).toBe('1500m');
    for (const bad of ['8', '8 g', '0g', '-1g', '8gb', 'lots'])
      expect(() => pageCacheSetting(bad)).toThrow(/BENCH_PAGE_CACHE: .* is not a size/);
  });
});
