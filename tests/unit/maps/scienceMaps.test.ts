import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { planArticleFilter } from '../../../src/db/cypher/articleFilterPlan.ts';
import { MAX_MAP_LINKS, mapParameters, mapStatement } from '../../../src/db/cypher/mapStatements.ts';
import { buildMap, type CountedNode } from '../../../src/maps/buildMap.ts';
import { normalizeStrengths } from '../../../src/maps/normalization.ts';
import { parseThesaurus, replacementMap } from '../../../src/maps/thesaurus.ts';
import { checkMapRequest, scienceMapCost } from '../../../src/maps/scienceMap.ts';
import { exportMap, toVosviewerMapFile, toVosviewerNetworkFile } from '../../../src/maps/mapExports.ts';
import type { ScienceMapResult } from '../../../src/maps/scienceMap.ts';

const KINDS = [
  'TOPIC_COOCCURRENCE',
  'KEYWORD_COOCCURRENCE',
  'COAUTHORSHIP',
  'INSTITUTION_COLLABORATION',
  'COUNTRY_COLLABORATION',
  'COCITATION',
  'BIBLIOGRAPHIC_COUPLING',
  'CITATION',
] as const;

describe('the map statement', () => {
  it('is one parameterised statement per kind: filter prelude, nodes ranked and cut in Cypher, pairs among the kept', () => {
    const plan = planArticleFilter({ topic: 'Exosomes', yearFrom: 2020, referenceOnly: false });
    for (const kind of KINDS) {
      const cypher = mapStatement(kind, plan);
      expect(cypher).toContain('WITH collect(a) AS docs');
      expect(cypher).toContain('ranked[0..$limit] AS kept');
      expect(cypher).toContain('pairs[0..$maxLinks] AS pairs');
      // Values are parameters, never spliced in.
      expect(cypher).not.toContain('Exosomes');
      expect(cypher).not.toContain('2020');
    }
    expect(mapStatement('CITATION', plan)).toContain('MATCH (a)-[:CITES]->(b:Article)');
    expect(mapStatement('BIBLIOGRAPHIC_COUPLING', plan)).toContain('MATCH (a)-[:CITES]->(r:Article)');
    expect(mapStatement('COCITATION', plan)).toContain('$thesaurus[folded]');
  });

  it('depends on the filter shape only: same shape, same text', () => {
    expect(mapStatement('COAUTHORSHIP', planArticleFilter({ author: 'A' }))).toBe(
      mapStatement('COAUTHORSHIP', planArticleFilter({ author: 'B' })),
    );
    expect(mapStatement('COAUTHORSHIP', planArticleFilter(null))).not.toBe(
      mapStatement('COAUTHORSHIP', planArticleFilter({ author: 'B' })),
    );
  });

  it('passes the thesaurus folded, with its replacement targets', () => {
    const thesaurus = replacementMap([parseThesaurus('label\treplace by\nNEC\tNecrotizing enterocolitis\nHumans\t\n')]);
    const params = mapParameters(planArticleFilter(null), { limit: 10, minStrength: 2, thesaurus });
    expect(params).toMatchObject({
      limit: 10,
      minStrength: 2,
      maxLinks: MAX_MAP_LINKS,
      thesaurus: { nec: 'Necrotizing enterocolitis', humans: '' },
      targets: { 'necrotizing enterocolitis': true },
    });
  });
});

describe('thesaurus files', () => {
  it("reads VOSviewer's format: header, tab, empty replacement ignores, quotes, CRLF, BOM", () => {
    const entries = parseThesaurus(
      '\uFEFFlabel\treplace by\r\n"van eck, n.j."\tvan eck, nees jan\r\nHumans\t\r\nAnimals\r\n\r\n',
    );
    expect(entries).toEqual([
      { label: 'van eck, n.j.', replaceBy: 'van eck, nees jan' },
      { label: 'Humans', replaceBy: '' },
      { label: 'Animals', replaceBy: '' },
    ]);
  });

  it('names the line of a malformed file', () => {
    const message = (text: string) => {
      try {
        parseThesaurus(text);
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'content' });
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message('term\treplacement\n')).toMatch(/line 1: the header must be/);
    expect(message('label\treplace by\na\tb\tc\n')).toMatch(/line 2: has 3 tab-separated columns/);
    expect(message('label\treplace by\nNEC\tx\nnec\ty\n')).toMatch(/line 3: .*already given on line 2/);
    expect(message('label\treplace by\n\tx\n')).toMatch(/line 2: the label is empty/);
    expect(message('')).toMatch(/is empty/);
  });

  it('lets a later thesaurus override an earlier one', () => {
    const map = replacementMap([[{ label: 'NEC', replaceBy: 'a' }], [{ label: 'nec', replaceBy: 'b' }]]);
    expect(map).toEqual({ nec: 'b' });
  });
});

describe('normalization', () => {
  const links = [
    { source: 0, target: 1, count: 4 },
    { source: 1, target: 2, count: 2 },
  ];
  it('association strength is 2m c_ij / (c_i c_j)', () => {
    // m = 6; totals: 0 -> 4, 1 -> 6, 2 -> 2
    expect(normalizeStrengths(links, [5, 6, 3], 'ASSOCIATION_STRENGTH')).toEqual([
      (2 * 6 * 4) / (4 * 6),
      (2 * 6 * 2) / (6 * 2),
    ]);
  });
  it('Jaccard is c_ij / (w_i + w_j - c_ij); none is the count', () => {
    expect(normalizeStrengths(links, [5, 6, 3], 'JACCARD')).toEqual([4 / 7, 2 / 7]);
    expect(normalizeStrengths(links, [5, 6, 3], 'NONE')).toEqual([4, 2]);
  });
});

/** Two triangles joined by one weak link: two clusters whatever the seed. */
const NODES: CountedNode[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => ({
  id,
  label: id.toUpperCase(),
  type: 'Topic',
  weight: 10 - i,
  citations: i,
  meanYear: 2020 + i,
  firstYear: 2019 + i,
  occurrences: 10 - i,
  mergedIds: [id],
}));
const PAIRS: Array<[number, number, number]> = [
  [0, 1, 5],
  [1, 2, 5],
  [0, 2, 5],
  [3, 4, 5],
  [4, 5, 5],
  [3, 5, 5],
  [2, 3, 1],
];

describe('clustering and layout', () => {
  it('finds the two communities, numbers clusters by size, and is reproducible for a seed', async () => {
    const options = { normalization: 'NONE', resolution: 1, seed: 42 } as const;
    const map = await buildMap(NODES, PAIRS, options);
    const cluster = Object.fromEntries(map.nodes.map((node) => [node.id, node.cluster]));
    expect(cluster.a).toBe(cluster.b);
    expect(cluster.b).toBe(cluster.c);
    expect(cluster.d).toBe(cluster.e);
    expect(cluster.a).not.toBe(cluster.d);
    // g has no link: a cluster of its own, the smallest, numbered last.
    expect(cluster.g).toBe(3);
    expect(map.clusters).toEqual([
      { cluster: 1, size: 3, topLabels: ['A', 'B', 'C'] },
      { cluster: 2, size: 3, topLabels: ['D', 'E', 'F'] },
      { cluster: 3, size: 1, topLabels: ['G'] },
    ]);
    // Q of this partition by hand: total weight m = 31; each triangle holds 15 of it and its degrees sum to 31 (30 + one end of the bridge).
    const expected = 2 * (15 / 31 - (31 / 62) ** 2);
    expect(map.modularity).toBeCloseTo(expected, 5);
    expect(map.nodes.find((node) => node.id === 'c')!.totalLinkStrength).toBe(11);
    for (const node of map.nodes) {
      expect(Number.isFinite(node.x) && Math.abs(node.x) <= 1 && Math.abs(node.y) <= 1).toBe(true);
    }
    expect(await buildMap(NODES, PAIRS, options)).toEqual(map);
    expect((await buildMap(NODES, PAIRS, { ...options, seed: 43 })).nodes.map((n) => n.x)).not.toEqual(
      map.nodes.map((n) => n.x),
    );
  });

  it('a higher resolution gives more, smaller clusters', async () => {
    const low = await buildMap(NODES, PAIRS, { normalization: 'NONE', resolution: 0.01, seed: 1 });
    const high = await buildMap(NODES, PAIRS, { normalization: 'NONE', resolution: 5, seed: 1 });
    expect(low.clusters.length).toBeLessThan(high.clusters.length);
  });
});

describe('arguments and cost', () => {
  it('checks ranges with the argument named, and applies defaults', () => {
    expect(checkMapRequest({ kind: 'CITATION' })).toEqual({
      kind: 'CITATION',
      filter: null,
      minStrength: 1,
      limit: 100,
      normalization: 'ASSOCIATION_STRENGTH',
      resolution: 1,
      seed: 42,
    });
    expect(() => checkMapRequest({ kind: 'CITATION', limit: 1001 })).toThrow(/Argument "limit"/);
    expect(() => checkMapRequest({ kind: 'CITATION', resolution: Number.NaN })).toThrow(/Argument "resolution"/);
  });
  it('costs a fixed part plus a part per node', () => {
    expect(scienceMapCost(undefined)).toBe(1_500);
    expect(scienceMapCost(1000)).toBe(6_000);
  });
});

describe('map files', () => {
  async function sample(): Promise<ScienceMapResult> {
    const built = await buildMap(NODES, PAIRS, { normalization: 'ASSOCIATION_STRENGTH', resolution: 1, seed: 42 });
    return {
      ...built,
      kind: 'COAUTHORSHIP',
      normalization: 'ASSOCIATION_STRENGTH',
      resolution: 1,
      seed: 42,
      articleCount: 9,
      totalNodes: 7,
      totalLinks: 7,
      limited: false,
      thesaurusEntries: 0,
    };
  }

  it('VOSviewer map file: per-kind weight names, clusters, positions, years; network file: raw counts', async () => {
    const map = await sample();
    const lines = toVosviewerMapFile(map).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id\tlabel\tdescription\turl\tx\ty\tcluster\tweight<Links>\tweight<Total link strength>\tweight<Documents>\tweight<Citations>\tscore<Avg. pub. year>',
    );
    const [, label, description, , x, , cluster, links, total, documents, citations, year] = lines[1]!.split('\t');
    expect([label, description, cluster, links, total, documents, citations, year]).toEqual([
      'A',
      'a (Topic)',
      '1',
      '2',
      '10',
      '10',
      '0',
      '2020',
    ]);
    expect(Number(x)).toBe(map.nodes[0]!.x);
    expect(toVosviewerNetworkFile(map).split('\n')[0]).toBe('1\t2\t5');
  });

  it('every format serialises', async () => {
    const map = await sample();
    for (const format of [
      'CYTOSCAPE',
      'D3',
      'GRAPHOLOGY',
      'GRAPHML',
      'GEXF',
      'VOSVIEWER_MAP',
      'VOSVIEWER_NETWORK',
    ] as const) {
      expect(exportMap(map, format).body.length).toBeGreaterThan(40);
    }
    expect(exportMap(map, 'GEXF').body).toMatch(/<node id="a" label="A" start="2019">/);
    expect(exportMap(map, 'GEXF').body).toContain('<viz:position');
  });
});
