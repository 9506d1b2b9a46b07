import { DOMParser } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';
import { UndirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/write/accessTokens.ts';
import { DEFAULT_WRITE_CONFIG } from '../../src/write/writeConfig.ts';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';
import { resetGraph } from '../helpers/testDatabase.ts';
import { CURATOR_TOKEN, postGraphql } from '../helpers/writeClient.ts';
import { runNetworkx } from '../helpers/networkx.ts';
import { loadFormatFixtures } from '../helpers/formatFixtures.ts';

/**
 * Science maps on the real format fixtures (tests/fixtures/formats: every reader's vendor files,
 * the deliberately broken ones left out, the few rejected records skipped): the counts against
 * counts made here from the plain graph, the clustering against networkx's Louvain, the files
 * against networkx and graphology, the thesaurus end to end behind the write token.
 */

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
type Kind = (typeof KINDS)[number];

interface MapAnswer {
  kind: Kind;
  articleCount: number;
  totalNodes: number;
  totalLinks: number;
  limited: boolean;
  modularity: number;
  thesaurusEntries: number;
  nodes: Array<{
    id: string;
    label: string;
    type: string;
    weight: number;
    citations: number;
    cluster: number;
    x: number;
    y: number;
    meanYear: number | null;
    firstYear: number | null;
    totalLinkStrength: number;
    mergedIds: string[];
  }>;
  links: Array<{ source: string; target: string; strength: number; count: number }>;
  clusters: Array<{ cluster: number; size: number; topLabels: string[] }>;
}

const MAP = `query Map($kind: MapKind!, $filter: ArticleFilter, $limit: Int, $minStrength: Int, $normalization: MapNormalization, $resolution: Float, $seed: Int) {
  scienceMap(kind: $kind, filter: $filter, limit: $limit, minStrength: $minStrength, normalization: $normalization, resolution: $resolution, seed: $seed) {
    kind articleCount totalNodes totalLinks limited modularity thesaurusEntries
    nodes { id label type weight citations cluster x y meanYear firstYear totalLinkStrength mergedIds }
    links { source target strength count }
    clusters { cluster size topLabels }
  }
}`;

let server: TestServer;
const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };

async function scienceMap(variables: Record<string, unknown>): Promise<MapAnswer> {
  const answer = await postGraphql<{ scienceMap: MapAnswer }>(server.url, MAP, variables);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.scienceMap;
}

async function download(query: string): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`${server.url}/export/map?${query}`);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

/** Pairs counted here from per-article lists read straight from the graph: the expectation the map statement must meet. */
function pairsOf(lists: string[][]): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const list of lists) {
    const items = [...new Set(list)].sort();
    for (let i = 0; i < items.length; i += 1)
      for (let j = i + 1; j < items.length; j += 1)
        pairs.set(`${items[i]}|${items[j]}`, (pairs.get(`${items[i]}|${items[j]}`) ?? 0) + 1);
  }
  return pairs;
}

/** The one row a statement returns. */
function onlyRow<T>(rows: T[]): T {
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

function pairsOfMap(map: MapAnswer): Map<string, number> {
  return new Map(map.links.map((link) => [[link.source, link.target].sort().join('|'), link.count] as const));
}

beforeAll(async () => {
  server = await startTestServer({
    write: { ...DEFAULT_WRITE_CONFIG, tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test') },
  });
  await resetGraph(server.db);
  const summary = await loadFormatFixtures(server.db);
  expect(summary.added).toBeGreaterThan(20);
});

afterAll(async () => {
  await server?.stop();
});

describe('scienceMap counts', () => {
  it('counts topic co-occurrences and occurrences exactly as the graph states them', async () => {
    const rows = await server.db.read<{ topics: string[] }>(
      'MATCH (a:Article) WHERE NOT a:ReferenceOnly RETURN [(a)-[:HAS_TOPIC]->(t:Topic) | t.id] AS topics',
    );
    const map = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 });
    expect(map.articleCount).toBe(rows.length);
    const occurrences = new Map<string, number>();
    for (const row of rows) for (const id of new Set(row.topics)) occurrences.set(id, (occurrences.get(id) ?? 0) + 1);
    expect(map.totalNodes).toBe(occurrences.size);
    // The fixtures state more topics than the largest limit (1000): the map keeps the heaviest, and
    // its counts are checked over the topics it keeps, none lighter than a topic it leaves out.
    const kept = new Set(map.nodes.map((node) => node.id));
    expect(kept.size).toBe(Math.min(1000, occurrences.size));
    expect(pairsOfMap(map)).toEqual(pairsOf(rows.map((row) => row.topics.filter((id) => kept.has(id)))));
    expect(new Map(map.nodes.map((node) => [node.id, node.weight]))).toEqual(
      new Map([...occurrences].filter(([id]) => kept.has(id))),
    );
    const lightest = Math.min(...map.nodes.map((node) => node.weight));
    expect([...occurrences].filter(([id]) => !kept.has(id) && (occurrences.get(id) ?? 0) > lightest)).toEqual([]);
    // Heaviest first, as `limit` keeps them.
    expect(map.nodes.map((node) => node.weight)).toEqual(
      [...map.nodes.map((node) => node.weight)].sort((a, b) => b - a),
    );
  });

  it('counts co-authorship, co-citation, coupling and citation links from the plain graph', async () => {
    const authors = await server.db.read<{ ids: string[] }>(
      'MATCH (a:Article) WHERE NOT a:ReferenceOnly RETURN [(au:Author)-[:AUTHORED]->(a) | au.id] AS ids',
    );
    expect(pairsOfMap(await scienceMap({ kind: 'COAUTHORSHIP', limit: 1000 }))).toEqual(
      pairsOf(authors.map((row) => row.ids)),
    );

    const cited = await server.db.read<{ id: string; refs: string[] }>(
      'MATCH (a:Article) WHERE NOT a:ReferenceOnly RETURN a.id AS id, [(a)-[:CITES]->(r:Article) | r.id] AS refs',
    );
    // The Web of Science fixtures' cited-reference lists make more co-cited pairs than a map keeps
    // (the 20,000 strongest links): every link the map keeps has the graph's count, and the map says it was cut.
    const cocitation = await scienceMap({ kind: 'COCITATION', limit: 1000 });
    const allCocited = pairsOf(cited.map((row) => row.refs));
    const keptCocited = pairsOfMap(cocitation);
    for (const [pair, count] of keptCocited) expect(allCocited.get(pair), pair).toBe(count);
    if (keptCocited.size < allCocited.size) {
      expect(cocitation.limited).toBe(true);
      expect(cocitation.totalLinks).toBeGreaterThan(keptCocited.size);
      // The strongest are kept: no omitted pair between two kept works counts more than the weakest kept link.
      const weakest = Math.min(...keptCocited.values());
      const kept = new Set(cocitation.nodes.map((node) => node.id));
      for (const [pair, count] of allCocited) {
        const [a, b] = pair.split('|');
        if (!keptCocited.has(pair) && kept.has(a!) && kept.has(b!)) expect(count, pair).toBeLessThanOrEqual(weakest);
      }
    } else expect(keptCocited).toEqual(allCocited);

    // Coupling: two articles are linked once per reference they share.
    const citersOf = new Map<string, string[]>();
    for (const row of cited)
      for (const ref of new Set(row.refs)) citersOf.set(ref, [...(citersOf.get(ref) ?? []), row.id]);
    expect(pairsOfMap(await scienceMap({ kind: 'BIBLIOGRAPHIC_COUPLING', limit: 1000 }))).toEqual(
      pairsOf([...citersOf.values()]),
    );

    // Citation: once per citation between two filtered articles, in either direction.
    const records = new Set(cited.map((row) => row.id));
    const expected = new Map<string, number>();
    for (const row of cited) {
      for (const ref of new Set(row.refs)) {
        if (!records.has(ref) || ref === row.id) continue;
        const key = [row.id, ref].sort().join('|');
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const citation = await scienceMap({ kind: 'CITATION', limit: 1000 });
    expect(pairsOfMap(citation)).toEqual(expected);
    expect(citation.links.some((link) => link.count === 2)).toBe(true); // two fixture records cite each other
  });

  it('answers every kind with numbered clusters, a layout in [-1, 1] and years', async () => {
    for (const kind of KINDS) {
      const map = await scienceMap({ kind });
      expect(map.kind).toBe(kind);
      if (kind === 'COUNTRY_COLLABORATION') {
        // Only the OpenAlex work W2741809807 states its institutions' countries (US and CA, on one
        // article): two countries, linked.
        expect(map.nodes.map((n) => [n.id, n.weight])).toEqual([
          ['Country:CA', 1],
          ['Country:US', 1],
        ]);
        expect(map.links.map((l) => [l.source, l.target])).toEqual([['Country:CA', 'Country:US']]);
        continue;
      }
      expect(map.nodes.length, kind).toBeGreaterThan(2);
      expect(map.links.length, kind).toBeGreaterThan(0);
      const sizes = map.clusters.map((c) => c.size);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      expect(map.clusters.map((c) => c.cluster)).toEqual(map.clusters.map((_, i) => i + 1));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(map.nodes.length);
      for (const node of map.nodes) {
        expect(Math.abs(node.x)).toBeLessThanOrEqual(1);
        expect(Math.abs(node.y)).toBeLessThanOrEqual(1);
        expect(node.cluster).toBeGreaterThanOrEqual(1);
      }
      expect(
        map.nodes.some((node) => node.meanYear !== null && node.firstYear !== null && node.firstYear <= node.meanYear),
      ).toBe(true);
    }
  });

  it('is reproducible for a seed and applies the filter, limit and minStrength', async () => {
    const first = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', seed: 7 });
    expect(await scienceMap({ kind: 'TOPIC_COOCCURRENCE', seed: 7 })).toEqual(first);

    const recent = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', filter: { yearFrom: 2022 } });
    const { count } = onlyRow(
      await server.db.read<{ count: number }>(
        'MATCH (a:Article) WHERE NOT a:ReferenceOnly AND a.year >= 2022 RETURN count(a) AS count',
      ),
    );
    expect(recent.articleCount).toBe(count);
    expect(recent.articleCount).toBeLessThan(first.articleCount);

    // The document type filter: any publication type a record states, case-insensitively.
    const reviews = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', filter: { documentType: 'REVIEW' } });
    const { reviewCount } = onlyRow(
      await server.db.read<{ reviewCount: number }>(
        "MATCH (a:Article) WHERE NOT a:ReferenceOnly AND any(t IN coalesce(a.publicationTypes, []) WHERE toLower(t) = 'review') RETURN count(a) AS reviewCount",
      ),
    );
    expect(reviewCount).toBeGreaterThan(0);
    expect(reviews.articleCount).toBe(reviewCount);
    const listed = await postGraphql<{ articles: { totalCount: number } }>(
      server.url,
      '{ articles(filter: { documentType: "Review" }) { totalCount } }',
    );
    expect(listed.body.data?.articles.totalCount).toBe(reviewCount);

    const cut = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 3 });
    expect(cut.nodes).toHaveLength(3);
    expect(cut.totalNodes).toBe(first.totalNodes);
    expect(cut.limited).toBe(true);
    expect(cut.nodes.map((n) => n.id)).toEqual(first.nodes.slice(0, 3).map((n) => n.id));

    const strong = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', minStrength: 2, limit: 1000 });
    expect(strong.links.every((link) => link.count >= 2)).toBe(true);
    expect(strong.links.length).toBeLessThan(first.links.length);
    expect(strong.limited).toBe(true);
  });

  it('normalizes: association strength by totals, Jaccard by occurrences, none as counted', async () => {
    const raw = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', normalization: 'NONE', limit: 1000 });
    expect(raw.links.every((link) => link.strength === link.count)).toBe(true);
    const weight = new Map(raw.nodes.map((node) => [node.id, node.weight]));
    const jaccard = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', normalization: 'JACCARD', limit: 1000 });
    for (const link of jaccard.links) {
      expect(link.strength).toBeCloseTo(
        link.count / (weight.get(link.source)! + weight.get(link.target)! - link.count),
        5,
      );
    }
    const association = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 });
    const total = new Map(association.nodes.map((node) => [node.id, node.totalLinkStrength]));
    const m = association.links.reduce((sum, link) => sum + link.count, 0);
    for (const link of association.links) {
      expect(link.strength).toBeCloseTo((2 * m * link.count) / (total.get(link.source)! * total.get(link.target)!), 5);
    }
  });

  it('counts in the operation cost limit: four of the largest maps in one operation are refused before any work', async () => {
    const four = `{ ${[1, 2, 3, 4].map((i) => `m${i}: scienceMap(kind: COAUTHORSHIP, limit: 1000) { modularity }`).join(' ')} }`;
    const answer = await postGraphql(server.url, four);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maximumComplexity',
    });
    const two = await postGraphql(
      server.url,
      `{ a: scienceMap(kind: COAUTHORSHIP, limit: 1000) { modularity } b: scienceMap(kind: COCITATION, limit: 1000) { modularity } }`,
    );
    expect(two.body.errors).toBeUndefined();
  });

  it('names bad arguments with BAD_USER_INPUT', async () => {
    for (const [variables, argument] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 1001 }, 'limit'],
      [{ minStrength: 0 }, 'minStrength'],
      [{ resolution: 0 }, 'resolution'],
      [{ seed: -1 }, 'seed'],
      [{ filter: { yearFrom: 2024, yearTo: 2000 } }, 'filter.yearFrom'],
    ] as const) {
      const answer = await postGraphql(server.url, MAP, { kind: 'TOPIC_COOCCURRENCE', ...variables });
      expect(answer.body.data?.scienceMap ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('thesaurus', () => {
  const ADD =
    'mutation($name: String!, $content: String) { addThesaurus(name: $name, content: $content) { id name addedBy addedAt replacements ignored entries { label replaceBy } } }';

  it('merges and drops labels in maps and their exports, records untouched, and is removed again', async () => {
    const before = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 });
    const refused = await postGraphql(server.url, ADD, { name: 'x', content: 'label\treplace by\nHumans\t\n' });
    expect(refused.status).toBe(401);

    // Two MeSH headings merged into one, and a check tag dropped, as a VOSviewer user's thesaurus does.
    const text = 'label\treplace by\nInfant, Premature\tpreterm infant\nInfant, Newborn\tpreterm infant\nHumans\t\n';
    const added = await postGraphql<{
      addThesaurus: { id: string; addedBy: string; replacements: number; ignored: number };
    }>(server.url, ADD, { name: 'neonatal.txt', content: text }, auth);
    expect(added.body.errors).toBeUndefined();
    const stored = added.body.data!.addThesaurus;
    expect(stored).toMatchObject({ addedBy: 'curator', replacements: 2, ignored: 1 });

    const after = await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 });
    expect(after.thesaurusEntries).toBe(3);
    expect(after.nodes.find((node) => node.label === 'Humans')).toBeUndefined();
    const merged = after.nodes.find((node) => node.label === 'preterm infant')!;
    expect(merged.mergedIds).toEqual(['Topic:mesh:D007231', 'Topic:mesh:D007234']);
    // Articles with both headings count once.
    const { count } = onlyRow(
      await server.db.read<{ count: number }>(
        "MATCH (a:Article) WHERE NOT a:ReferenceOnly AND EXISTS { (a)-[:HAS_TOPIC]->(t:Topic) WHERE t.id IN ['Topic:mesh:D007231', 'Topic:mesh:D007234'] } RETURN count(a) AS count",
      ),
    );
    expect(merged.weight).toBe(count);
    const vosviewer = await download('kind=TOPIC_COOCCURRENCE&format=vosviewer-map');
    expect(vosviewer.body).toContain('\tpreterm infant\t');
    expect(vosviewer.body).not.toMatch(/\tHumans\t/);
    // The records still state their headings.
    const { humans } = onlyRow(
      await server.db.read<{ humans: number }>(
        "MATCH (:Article)-[:HAS_TOPIC]->(t:Topic {name: 'Humans'}) RETURN count(*) AS humans",
      ),
    );
    expect(humans).toBeGreaterThan(0);

    const removed = await postGraphql<{ removeThesaurus: boolean }>(
      server.url,
      'mutation($id: ID!) { removeThesaurus(id: $id) }',
      { id: stored.id },
      auth,
    );
    expect(removed.body.data?.removeThesaurus).toBe(true);
    expect(await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 })).toEqual(before);
  });

  it('takes the file as an upload (GraphQL multipart request), as the import page sends files', async () => {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query:
          'mutation($file: Upload) { addThesaurus(name: "upload", file: $file) { id replacements ignored entries { label replaceBy } } }',
        variables: { file: null },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob(['label\treplace by\nInfant, Newborn\tnewborn\n']), 'thesaurus.txt');
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'apollo-require-preflight': 'true', ...auth },
      body: form,
    });
    const body = (await response.json()) as {
      data?: { addThesaurus: { id: string; replacements: number; entries: unknown[] } };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    expect(body.data!.addThesaurus).toMatchObject({
      replacements: 1,
      entries: [{ label: 'Infant, Newborn', replaceBy: 'newborn' }],
    });
    expect(
      (await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 })).nodes.some((node) => node.label === 'newborn'),
    ).toBe(true);
    await postGraphql(
      server.url,
      'mutation($id: ID!) { removeThesaurus(id: $id) }',
      { id: body.data!.addThesaurus.id },
      auth,
    );
    expect(
      (await scienceMap({ kind: 'TOPIC_COOCCURRENCE', limit: 1000 })).nodes.some((node) => node.label === 'newborn'),
    ).toBe(false);
  });

  it('rejects a malformed thesaurus naming the line, storing nothing', async () => {
    const bad = await postGraphql(
      server.url,
      ADD,
      { name: 'bad.txt', content: 'label\treplace by\nHumans\tpeople\textra\n' },
      auth,
    );
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'content' });
    expect(bad.body.errors?.[0]?.message).toMatch(/line 2/);
    const noHeader = await postGraphql(server.url, ADD, { name: 'bad.txt', content: 'Humans\tpeople\n' }, auth);
    expect(noHeader.body.errors?.[0]?.message).toMatch(/line 1.*label<TAB>replace by/);
    const list = await postGraphql<{ thesauri: unknown[] }>(server.url, '{ thesauri { id } }');
    expect(list.body.data?.thesauri).toEqual([]);
  });
});

describe('map exports', () => {
  it('serves every format, 400 naming a bad parameter, 404 when no article matches', async () => {
    for (const format of ['CYTOSCAPE', 'D3', 'GRAPHOLOGY', 'GRAPHML', 'GEXF', 'VOSVIEWER_MAP', 'VOSVIEWER_NETWORK']) {
      const file = await download(`kind=COAUTHORSHIP&format=${format}&yearFrom=2019`);
      expect(file.status, format).toBe(200);
      expect(file.body.length).toBeGreaterThan(50);
    }
    const badKind = await download('kind=NOPE&format=gexf');
    expect(badKind.status).toBe(400);
    expect(JSON.parse(badKind.body).error.parameter).toBe('kind');
    const badLimit = await download('kind=COAUTHORSHIP&limit=5000');
    expect(badLimit.status).toBe(400);
    expect(JSON.parse(badLimit.body).error).toMatchObject({ parameter: 'limit', code: 'BAD_USER_INPUT' });
    const badResolution = await download('kind=COAUTHORSHIP&resolution=abc');
    expect(JSON.parse(badResolution.body).error.parameter).toBe('resolution');
    const none = await download('kind=COAUTHORSHIP&yearFrom=2100');
    expect(none.status).toBe(404);
  });

  it('writes VOSviewer map and network files that networkx and a CSV reader open with clusters, weights, positions and years', async () => {
    const map = await scienceMap({ kind: 'TOPIC_COOCCURRENCE' });
    const mapFile = (await download('kind=TOPIC_COOCCURRENCE&format=VOSVIEWER_MAP')).body;
    const networkFile = (await download('kind=TOPIC_COOCCURRENCE&format=VOSVIEWER_NETWORK')).body;
    const rows = parseCsv(mapFile, { delimiter: '\t', columns: true, quote: '"' }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'label',
      'description',
      'url',
      'x',
      'y',
      'cluster',
      'weight<Links>',
      'weight<Total link strength>',
      'weight<Occurrences>',
      'weight<Citations>',
      'score<Avg. pub. year>',
    ]);
    expect(rows.map((row) => row.label)).toEqual(map.nodes.map((node) => node.label));
    expect(rows.map((row) => Number(row.cluster))).toEqual(map.nodes.map((node) => node.cluster));
    expect(rows.map((row) => Number(row['weight<Occurrences>']))).toEqual(map.nodes.map((node) => node.weight));
    expect(rows.map((row) => Number(row.x))).toEqual(map.nodes.map((node) => node.x));

    const read = await runNetworkx<{ nodes: number; edges: number; strength: number; clusters: number; years: number }>(
      `
import csv, io, json, sys
import networkx as nx
data = json.load(sys.stdin)
items = list(csv.DictReader(io.StringIO(data['map']), delimiter='\\t'))
G = nx.read_weighted_edgelist(io.StringIO(data['network']), nodetype=int)
for item in items:
    G.add_node(int(item['id']), cluster=int(item['cluster']), x=float(item['x']), y=float(item['y']), year=item['score<Avg. pub. year>'])
print(json.dumps({'nodes': G.number_of_nodes(), 'edges': G.number_of_edges(), 'strength': G.size(weight='weight'),
  'clusters': len({d['cluster'] for _, d in G.nodes(data=True)}), 'years': sum(1 for _, d in G.nodes(data=True) if d['year'] != '')}))
`,
      { map: mapFile, network: networkFile },
    );
    expect(read).toEqual({
      nodes: map.nodes.length,
      edges: map.links.length,
      strength: map.links.reduce((sum, link) => sum + link.count, 0),
      clusters: map.clusters.length,
      years: map.nodes.filter((node) => node.meanYear !== null).length,
    });
  });

  it('writes GEXF that graphology and networkx open with positions, sizes, colours, clusters, weights and start years', async () => {
    const map = await scienceMap({ kind: 'COAUTHORSHIP' });
    const file = await download('kind=COAUTHORSHIP&format=gexf');
    const problems: string[] = [];
    new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(
      file.body,
      'application/xml',
    );
    expect(problems).toEqual([]);

    const graph = gexf.parse(UndirectedGraph, file.body, { addMissingNodes: false });
    expect(graph.order).toBe(map.nodes.length);
    expect(graph.size).toBe(map.links.length);
    for (const node of map.nodes) {
      const attributes = graph.getNodeAttributes(node.id);
      expect(attributes).toMatchObject({
        label: node.label,
        cluster: node.cluster,
        weight: node.weight,
        citations: node.citations,
      });
      expect(attributes.x).toBeCloseTo(node.x * 1000, 2);
      expect(attributes.y).toBeCloseTo(node.y * 1000, 2);
      expect(attributes.size).toBeGreaterThanOrEqual(5);
      expect(attributes.color).toMatch(/^rgb\(|^#/);
    }

    const read = await runNetworkx<{
      nodes: number;
      edges: number;
      positions: number;
      starts: number;
      clusters: number;
    }>(
      `
import io, json, sys
import networkx as nx
G = nx.read_gexf(io.BytesIO(json.load(sys.stdin).encode('utf-8')))
print(json.dumps({'nodes': G.number_of_nodes(), 'edges': G.number_of_edges(),
  'positions': sum(1 for _, d in G.nodes(data=True) if 'position' in d.get('viz', {})),
  'starts': sum(1 for _, d in G.nodes(data=True) if 'start' in d),
  'clusters': len({d['cluster'] for _, d in G.nodes(data=True)})}))
`,
      file.body,
    );
    expect(read).toEqual({
      nodes: map.nodes.length,
      edges: map.links.length,
      positions: map.nodes.length,
      starts: map.nodes.filter((node) => node.firstYear !== null).length,
      clusters: map.clusters.length,
    });
  });

  it('clusters within 2 % of the best modularity of ten seeded networkx Louvain runs on the exported network', async () => {
    const figures: Record<string, unknown> = {};
    for (const kind of [
      'TOPIC_COOCCURRENCE',
      'COAUTHORSHIP',
      'INSTITUTION_COLLABORATION',
      'COCITATION',
      'BIBLIOGRAPHIC_COUPLING',
    ] as const) {
      const map = await scienceMap({ kind, limit: 1000 });
      const file = await download(`kind=${kind}&format=gexf&limit=1000`);
      const result = await runNetworkx<{ ours: number; best: number; runs: number[] }>(
        `
import io, json, sys
import networkx as nx
G = nx.read_gexf(io.BytesIO(json.load(sys.stdin).encode('utf-8')))
clusters = {}
for node, data in G.nodes(data=True):
    clusters.setdefault(data['cluster'], set()).add(node)
ours = nx.community.modularity(G, list(clusters.values()), weight='weight', resolution=1)
runs = [nx.community.modularity(G, nx.community.louvain_communities(G, weight='weight', resolution=1, seed=seed), weight='weight', resolution=1) for seed in range(10)]
print(json.dumps({'ours': ours, 'best': max(runs), 'runs': runs}))
`,
        file.body,
      );
      figures[kind] = {
        nodes: map.nodes.length,
        links: map.links.length,
        reported: map.modularity,
        ours: result.ours,
        networkxBest: result.best,
      };
      expect(result.ours, kind).toBeCloseTo(map.modularity, 4);
      expect(result.ours, kind).toBeGreaterThanOrEqual(result.best * 0.98 - 1e-9);
    }
    // The figures, for the record of how close the clustering comes.
    console.log(`science map modularity vs networkx: ${JSON.stringify(figures)}`);
  });
});

describe('neighbourhood downloads with the year filter', () => {
  const NEIGHBOURHOOD =
    'query($id: ID!, $yearFrom: Int, $yearTo: Int) { neighborhood(id: $id, yearFrom: $yearFrom, yearTo: $yearTo) { nodes { id type properties } edges { source target } } }';
  type Answer = {
    neighborhood: {
      nodes: Array<{ id: string; type: string; properties: { year?: number } | null }>;
      edges: Array<{ source: string; target: string }>;
    };
  };
  const NEC = 'Topic:mesh:D020345';

  it('holds exactly what the filtered view holds: the articles of the range, and what they link', async () => {
    const all = (await postGraphql<Answer>(server.url, NEIGHBOURHOOD, { id: NEC })).body.data!.neighborhood;
    const cut = (await postGraphql<Answer>(server.url, NEIGHBOURHOOD, { id: NEC, yearFrom: 2021, yearTo: 2024 })).body
      .data!.neighborhood;
    const articles = (graph: Answer['neighborhood']) => graph.nodes.filter((node) => node.type === 'ARTICLE');
    expect(articles(all).some((node) => (node.properties?.year ?? 0) < 2021)).toBe(true);
    expect(articles(cut).length).toBeGreaterThan(0);
    expect(articles(cut).every((node) => node.properties!.year! >= 2021 && node.properties!.year! <= 2024)).toBe(true);
    expect(articles(cut).length).toBeLessThan(articles(all).length);
    const ids = new Set(cut.nodes.map((node) => node.id));
    expect(cut.edges.every((edge) => ids.has(edge.source) && ids.has(edge.target))).toBe(true);

    const response = await fetch(
      `${server.url}/export/neighborhood?id=${encodeURIComponent(NEC)}&yearFrom=2021&yearTo=2024&format=D3`,
    );
    expect(response.status).toBe(200);
    const file = (await response.json()) as { nodes: Array<{ id: string }>; links: unknown[] };
    expect(file.nodes.map((node) => node.id).sort()).toEqual([...ids].sort());
    expect(file.links).toHaveLength(cut.edges.length);
    const wrong = await fetch(
      `${server.url}/export/neighborhood?id=${encodeURIComponent(NEC)}&yearFrom=2024&yearTo=2021`,
    );
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { parameter: string } }).error.parameter).toBe('yearFrom');
  });

  it('weighs the neighbourhood VOSviewer items by documents and citations, with years for every item linked to a dated article', async () => {
    const response = await fetch(
      `${server.url}/export/neighborhood?id=${encodeURIComponent(NEC)}&format=vosviewer-map`,
    );
    const rows = parseCsv(await response.text(), { delimiter: '\t', columns: true, quote: '"' }) as Array<
      Record<string, string>
    >;
    expect(rows.filter((row) => row['score<Avg. pub. year>'] === '')).toEqual([]);
    expect(rows.some((row) => Number(row['weight<Citations>']) > 0)).toBe(true);
    const centre = rows.find((row) => row.description!.startsWith(`${NEC} `))!;
    const { documents } = onlyRow(
      await server.db.read<{ documents: number }>(
        'MATCH (a:Article)-[:HAS_TOPIC]->(:Topic {id: $id}) WHERE NOT a:ReferenceOnly RETURN count(DISTINCT a) AS documents',
        { id: NEC },
      ),
    );
    expect(documents).toBeGreaterThan(0);
    expect(Number(centre['weight<Documents>'])).toBe(documents);
  });
});
