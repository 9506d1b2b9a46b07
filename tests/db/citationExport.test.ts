import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { openTestDatabase, resetAndSeed, SEED_RECORDS } from '../helpers/testDatabase.ts';

/**
 * The citation-map downloads read back as VOSviewer reads them (tab-delimited, a header line in the
 * map file, none in the network file, quoted labels; VOSviewer manual, "Map and network files"),
 * through a real TSV parser, compared with the GraphQL answer for the same neighbourhood.
 * Data: the citation fixtures (TEST DATA, tests/fixtures/formats/citations).
 */
const CITATIONS = 'tests/fixtures/formats/citations';
const A = 'Article:doi:10.9999/test.cite.001';

let db: Database;
let handle: ServerHandle;
let stopHttp: () => Promise<void>;
let url: string;

beforeAll(async () => {
  db = openTestDatabase();
  await resetAndSeed(db, [SEED_RECORDS, CITATIONS]);
  await ensureSchema(db);
  handle = await createServer({ db });
  const http = createHttpServer(handle.app);
  const port = await listen(http, 0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  stopHttp = () => new Promise<void>((resolve) => http.close(() => resolve()));
}, 180_000);
afterAll(async () => {
  await stopHttp?.();
  await handle?.stop();
  await db?.driver.close();
});

interface GraphAnswer {
  nodes: Array<{
    id: string;
    type: string;
    label: string;
    properties: { year?: number; doi?: string; citations?: number } | null;
  }>;
  edges: Array<{ source: string; target: string; type: string }>;
}

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

function tsv(text: string, header: boolean): Array<Record<string, string>> | string[][] {
  return parse(text, { delimiter: '\t', quote: '"', columns: header, skip_empty_lines: true, relax_quotes: false });
}

describe('VOSviewer map and network files of a citation neighbourhood', () => {
  let expected: GraphAnswer;
  let map: Array<Record<string, string>>;
  let network: string[][];

  beforeAll(async () => {
    expected = (
      await graphql<{ neighborhood: GraphAnswer }>(
        'query ($id: ID!) { neighborhood(id: $id, depth: 2, relationshipTypes: [CITES], types: [ARTICLE]) { nodes { id type label properties } edges { source target type } } }',
        { id: A },
      )
    ).neighborhood;
    const mapResponse = await fetch(`${url}/export/citations?id=${encodeURIComponent(A)}&depth=2&format=vosviewer-map`);
    expect(mapResponse.status).toBe(200);
    expect(mapResponse.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    expect(mapResponse.headers.get('content-disposition')).toMatch(/\.vosviewer-map\.txt"$/);
    map = tsv(await mapResponse.text(), true) as Array<Record<string, string>>;
    const networkResponse = await fetch(
      `${url}/export/citations?id=${encodeURIComponent(A)}&depth=2&format=VOSVIEWER_NETWORK`,
    );
    expect(networkResponse.status).toBe(200);
    network = tsv(await networkResponse.text(), false) as string[][];
  });

  it('has the GraphQL neighbourhood: articles within two citations of A', () => {
    // A, what it cites (B, C), what cites it (E, H), and one more step: D (cited by B), F (cites B;
    // cited by E and H), G (cited by E), J (cited by H). Every CITES edge of the fixtures joins two of them.
    expect(expected.nodes).toHaveLength(9);
    expect(expected.edges).toHaveLength(11);
    expect(expected.edges.every((e) => e.type === 'CITES')).toBe(true);
  });

  it('reads back with the same items, labels and citation weights', () => {
    expect(Object.keys(map[0]!)).toEqual([
      'id',
      'label',
      'description',
      'url',
      'weight<Documents>',
      'weight<Citations>',
      'score<Avg. pub. year>',
    ]);
    expect(map).toHaveLength(expected.nodes.length);
    const byGlobalId = new Map(map.map((row) => [row.description!.replace(/ \(ARTICLE\)$/, ''), row]));
    expect([...byGlobalId.keys()].sort()).toEqual(expected.nodes.map((n) => n.id).sort());
    for (const node of expected.nodes) {
      const row = byGlobalId.get(node.id)!;
      expect(row.label).toBe(node.label);
      // Citations received in the whole graph (at least those within this neighbourhood).
      const citedWithin = expected.edges.filter((e) => e.target === node.id).length;
      expect(Number(row['weight<Citations>'])).toBe(node.properties?.citations ?? 0);
      expect(Number(row['weight<Citations>'])).toBeGreaterThanOrEqual(citedWithin);
      expect(row['weight<Documents>']).toBe('1');
      expect(row['score<Avg. pub. year>']).toBe(
        node.properties?.year === undefined ? '' : String(node.properties.year),
      );
      expect(row.url).toBe(node.properties?.doi ? `https://doi.org/${node.properties.doi}` : '');
    }
  });

  it('reads back with the same links, as undirected pairs with their strength', () => {
    const idOf = new Map(map.map((row) => [row.id!, row.description!.replace(/ \(ARTICLE\)$/, '')]));
    const pair = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);
    const fromFile = new Map(network.map(([a, b, strength]) => [pair(idOf.get(a!)!, idOf.get(b!)!), Number(strength)]));
    const fromGraphQL = new Map<string, number>();
    for (const e of expected.edges)
      fromGraphQL.set(pair(e.source, e.target), (fromGraphQL.get(pair(e.source, e.target)) ?? 0) + 1);
    expect(fromFile).toEqual(fromGraphQL);
    expect(network.every((row) => row.length === 3 && Number(row[0]) < Number(row[1]))).toBe(true);
  });

  it('serves GraphML of the same neighbourhood, and answers 404 for an unknown article', async () => {
    const graphml = await fetch(`${url}/export/citations?id=${encodeURIComponent(A)}&depth=2&format=GRAPHML`);
    expect(graphml.status).toBe(200);
    expect((await graphml.text()).match(/<edge /g)).toHaveLength(expected.edges.length);
    const missing = await fetch(
      `${url}/export/citations?id=${encodeURIComponent('Article:doi:10.9999/none')}&format=vosviewer-map`,
    );
    expect(missing.status).toBe(404);
  });
});
