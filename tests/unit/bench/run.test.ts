import { describe, expect, it } from 'vitest';
import { benchArticles, benchCorpus } from '../../../bench/harness/corpus.ts';
import { chooseInputs, INPUTS_PER_OP } from '../../../bench/run/inputs.ts';
import { BOTH_LOADS_MAX_ARTICLES, loadChoices, parseLoadChoice, type LoadResult } from '../../../bench/run/loads.ts';
import { LOAD_SOURCE, loadEntries, otherLoadEntries, renderLoads, type SizeResult } from '../../../bench/run/report.ts';

describe('the inputs of the operations', () => {
  it('are the same from the corpus held as an array and streamed from its generator, in one pass', () => {
    const options = { references: true };
    const held = chooseInputs(benchCorpus(1000, options), 1000);
    let reads = 0;
    const counted = function* () {
      for (const article of benchArticles(1000, options)) {
        reads += 1;
        yield article;
      }
    };
    expect(chooseInputs(counted(), 1000)).toEqual(held);
    expect(reads).toBe(1000);
    // The DOI inputs are the articles at evenly spaced positions: every 20th of 1,000.
    expect(held.doi).toHaveLength(INPUTS_PER_OP);
    expect(held.doi.slice(0, 3)).toEqual(['10.99999/synthetic.1', '10.99999/synthetic.21', '10.99999/synthetic.41']);
    expect(held.doi.at(-1)).toBe('10.99999/synthetic.981');
    expect(held.cited).toHaveLength(INPUTS_PER_OP);
    expect(held.facts['topTopic']).toMatch(/^Synthetic Topic \d+ \(\d+ articles\)$/);
  });

  it('repeat the last article as DOI input when the corpus has fewer articles than inputs', () => {
    const inputs = chooseInputs(benchArticles(30, { references: true }), 30);
    expect(inputs.doi).toHaveLength(INPUTS_PER_OP);
    expect(inputs.doi[29]).toBe('10.99999/synthetic.30');
    expect(new Set(inputs.doi.slice(29))).toEqual(new Set(['10.99999/synthetic.30']));
  });

  it('refuse a corpus of another length than the size given', () => {
    expect(() => chooseInputs(benchArticles(120), 100)).toThrow('the corpus has 120 articles, not 100');
    expect(() => chooseInputs(benchArticles(80), 100)).toThrow('the corpus has 80 articles, not 100');
  });
});

describe('the load of each size', () => {
  it('is both ways up to the limit and the bulk path alone above, unless chosen', () => {
    expect(loadChoices([1000, BOTH_LOADS_MAX_ARTICLES, BOTH_LOADS_MAX_ARTICLES + 1, 1_000_000], null, null)).toEqual([
      'both',
      'both',
      'bulk',
      'bulk',
    ]);
    expect(loadChoices([1000, 1_000_000], 'bulk', null)).toEqual(['bulk', 'bulk']);
    expect(loadChoices([1000, 1_000_000], 'transactional', null)).toEqual(['transactional', 'transactional']);
    expect(loadChoices([1_000_000], 'both', null)).toEqual(['both']);
  });

  it('is the transactional loader alone on a Neo4j reached by URI, and the bulk path is refused there', () => {
    const uri = 'neo4j://db.example:7687';
    expect(loadChoices([1000], null, uri)).toEqual(['transactional']);
    expect(loadChoices([1000, 1_000_000], 'transactional', uri)).toEqual(['transactional', 'transactional']);
    expect(() => loadChoices([1000], 'bulk', uri)).toThrow(
      /NEO4J_URI is set \(neo4j:\/\/db\.example:7687\).*Sizes concerned: 1000\./,
    );
    expect(() => loadChoices([1000, 1_000_000], null, uri)).toThrow(
      /^The bulk path \(the load above 200000 articles unless --load says otherwise\).*Sizes concerned: 1000000\. Unset NEO4J_URI, or pass --load transactional/,
    );
  });

  it('is read from --load, and anything else is refused', () => {
    expect(parseLoadChoice('')).toBeNull();
    expect(parseLoadChoice('bulk')).toBe('bulk');
    expect(parseLoadChoice('both')).toBe('both');
    expect(parseLoadChoice('transactional')).toBe('transactional');
    expect(() => parseLoadChoice('fast')).toThrow('--load: "fast" is not one of transactional, bulk, both');
  });
});

describe('the load report', () => {
  const load = (mode: LoadResult['mode'], extra: Partial<LoadResult> = {}): LoadResult => ({
    mode,
    records: mode === 'incremental' ? 100 : 1000,
    seconds: 12.34,
    peakRssMb: 300,
    peakChildRssMb: mode === 'bulk' ? 900 : 0,
    loadAverage: [1, 2],
    ...extra,
  });
  const size = (result: Partial<SizeResult>): SizeResult => ({
    size: 1000,
    load: 'both',
    counts: {},
    loadSeconds: 12.34,
    loadReused: false,
    readIndexSeconds: Number.NaN,
    inputs: {},
    ops: [],
    loads: [],
    sameGraph: null,
    incrementalRepeatAdded: null,
    ...result,
  });

  it('says a bulk-only load was not compared, and that its corpus was streamed', () => {
    const bulkOnly = size({
      load: 'bulk',
      loads: [
        load('bulk', { corpus: 'streamed', spilledRuns: 2, spilledMb: 5, heapLimitMb: 8240, phases: { plan: 1 } }),
        load('incremental'),
      ],
    });
    const [bulk, incremental] = loadEntries([bulkOnly]);
    expect(bulk).toMatchObject({
      mode: 'bulk',
      corpus: 'streamed',
      spilledRuns: 2,
      spilledMb: 5,
      heapLimitMb: 8240,
      sameGraphAsOtherMethod: null,
      comparedBy: 'not compared: bulk only',
    });
    expect(incremental).not.toHaveProperty('sameGraphAsOtherMethod');
    const row = renderLoads([bulkOnly], 'now')
      .split('\n')
      .find((line) => line.startsWith('| 1000 | bulk |'));
    expect(row).toContain('| not compared: bulk only |');
  });

  it("keeps the other benchmarks' load entries in results.json and replaces its own", () => {
    const bulkAlone = { articles: 300000, mode: 'bulk', source: 'bench/bulkLoad.ts' };
    const planOnly = { articles: 100000, mode: 'bulk-plan', source: 'bench/bulkLoad.ts --plan-only' };
    const own = { articles: 1000, mode: 'bulk', source: LOAD_SOURCE };
    // Entries this benchmark wrote before it marked them.
    const ownUnmarked = { articles: 10000, method: 'transactional' };
    expect(otherLoadEntries([bulkAlone, own, ownUnmarked, planOnly, null])).toEqual([bulkAlone, planOnly]);
    expect(otherLoadEntries(undefined)).toEqual([]);
    expect(loadEntries([size({ loads: [load('transactional')] })])[0]).toMatchObject({ source: LOAD_SOURCE });
  });

  it('says whether both loads built the same graph when both ran', () => {
    const both = size({
      sameGraph: true,
      loads: [
        load('transactional', { comparedBy: 'dump', lines: 21 }),
        load('bulk', { comparedBy: 'dump', lines: 21 }),
      ],
    });
    const [transactional, bulk] = loadEntries([both]);
    expect(transactional).toMatchObject({ mode: 'transactional', sameGraphAsOtherMethod: true, comparedBy: 'dump' });
    expect(bulk).toMatchObject({ mode: 'bulk', sameGraphAsOtherMethod: true, comparedBy: 'dump' });
    expect(renderLoads([both], 'now')).toContain('| yes (21 lines) |');
  });
});
