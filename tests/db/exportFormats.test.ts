import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import cytoscape from 'cytoscape';
import {
  forceLink,
  forceManyBody,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import { MultiDirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import graphml from 'graphology-graphml';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/driver/createDatabase.ts';
import { createServer } from '../../src/server.ts';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';

/**
 * Every export format of one real subgraph, opened with the libraries that read it (cytoscape
 * headless, d3-force, graphology, graphology-graphml and graphology-gexf on a strict XML parser),
 * must agree with each other and with the GraphQL answer: same nodes, same edges, same attribute
 * names, same truncation flag. Plus the status codes of the export routes.
 */

type Attributes = Record<string, unknown>;

/** What a reader made of a file, in format-neutral terms. */
type Reading = {
  nodes: Map<string, Attributes>;
  edges: { source: string; target: string; attributes: Attributes }[];
  truncated: boolean;
};

/** Copies of a vocabulary attribute that a tool needs under its own name; documented in exportGraph.ts. */
const TOOL_EXTRAS = {
  CYTOSCAPE: { node: ['id', 'name'], edge: ['id', 'source', 'target', 'interaction'] },
  D3: { node: ['id', 'index', 'x', 'y', 'vx', 'vy'], edge: ['id', 'source', 'target', 'index'] },
  GRAPHOLOGY: { node: ['x', 'y', 'size', 'color'], edge: [] },
  GRAPHML: { node: [], edge: [] },
  GEXF: { node: ['color'], edge: ['label', 'kind'] },
} as const;
type Format = keyof typeof TOOL_EXTRAS;

function strictXml(xml: string): string {
  const problems: string[] = [];
  new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(
    xml,
    'application/xml',
  );
  expect(problems).toEqual([]);
  return xml;
}

function fromGraphology(graph: MultiDirectedGraph, truncated: boolean): Reading {
  return {
    nodes: new Map(graph.mapNodes((key, attributes) => [key, attributes] as const)),
    edges: graph.mapEdges((_key, attributes, source, target) => ({ source, target, attributes })),
    truncated,
  };
}

const READERS: Record<Format, (body: string) => Reading> = {
  CYTOSCAPE: (body) => {
    const cy = cytoscape({ headless: true, ...(JSON.parse(body) as object) });
    const reading: Reading = {
      nodes: new Map(cy.nodes().map((node) => [node.id(), node.data() as Attributes] as const)),
      edges: cy.edges().map((edge) => ({
        source: edge.source().id(),
        target: edge.target().id(),
        attributes: edge.data() as Attributes,
      })),
      truncated: cy.data('truncated') as boolean,
    };
    cy.destroy();
    return reading;
  },
  D3: (body) => {
    const doc = JSON.parse(body) as {
      graph: { truncated: boolean };
      nodes: (SimulationNodeDatum & Attributes)[];
      links: (SimulationLinkDatum<SimulationNodeDatum> & Attributes)[];
    };
    // forceLink throws on a link whose end is not a node: the simulation is the check.
    const simulation = forceSimulation(doc.nodes)
      .force(
        'link',
        forceLink(doc.links).id((d) => String((d as Attributes).id)),
      )
      .force('charge', forceManyBody())
      .stop();
    simulation.tick(20);
    for (const node of doc.nodes) expect(Number.isFinite(node.x)).toBe(true);
    return {
      nodes: new Map(doc.nodes.map((node) => [String(node.id), node] as const)),
      edges: doc.links.map((link) => ({
        source: String((link.source as Attributes).id),
        target: String((link.target as Attributes).id),
        attributes: link,
      })),
      truncated: doc.graph.truncated,
    };
  },
  GRAPHOLOGY: (body) => {
    const graph = MultiDirectedGraph.from(JSON.parse(body) as Parameters<typeof MultiDirectedGraph.from>[0]);
    return fromGraphology(graph, graph.getAttribute('truncated') as boolean);
  },
  GRAPHML: (body) => {
    const graph = graphml.parse(MultiDirectedGraph, strictXml(body)) as MultiDirectedGraph;
    return fromGraphology(graph, graph.getAttribute('truncated') as boolean);
  },
  GEXF: (body) => {
    const graph = gexf.parse(MultiDirectedGraph, strictXml(body)) as MultiDirectedGraph;
    const keywords = String(graph.getAttribute('keywords'));
    expect(keywords).toMatch(/^truncated=(true|false)$/);
    return fromGraphology(graph, keywords === 'truncated=true');
  },
};

const names = (objects: Iterable<Attributes>, extras: readonly string[]): string[] =>
  [...new Set([...objects].flatMap((o) => Object.keys(o)))].filter((name) => !extras.includes(name)).sort();

describe('export files agree with each other and with GraphQL', () => {
  let server: TestServer;
  let centre: string;
  let expected: {
    truncated: boolean;
    nodes: { id: string; type: string; label: string; properties: Attributes | null }[];
    edges: { source: string; target: string; type: string; properties: Attributes | null }[];
  };

  beforeAll(async () => {
    server = await startTestServer({ corpus: true });
    const post = async (query: string, variables: Attributes) =>
      (await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data: any };
    centre = (await post('query ($name: String!) { topic(name: $name) { id } }', { name: 'Necrotizing enterocolitis' }))
      .data.topic.id;
    expected = (
      await post(
        'query ($id: ID!) { neighborhood(id: $id, depth: 2, limit: 15) { truncated nodes { id type label properties } edges { source target type properties } } }',
        { id: centre },
      )
    ).data.neighborhood;
    expect(expected.truncated, 'the limit cuts this neighbourhood, so every file must say so').toBe(true);
    expect(expected.nodes).toHaveLength(15);
  }, 180_000);
  afterAll(() => server?.stop());

  it.each(Object.keys(READERS) as Format[])(
    '%s opens in its reader with the same nodes, edges, attribute names and truncation flag',
    async (format) => {
      const response = await fetch(
        `${server.url}/export/neighborhood?id=${encodeURIComponent(centre)}&depth=2&limit=15&format=${format}`,
      );
      expect(response.status).toBe(200);
      const reading = READERS[format](await response.text());

      expect(reading.truncated).toBe(true);
      expect([...reading.nodes.keys()].sort()).toEqual(expected.nodes.map((n) => n.id).sort());
      expect(reading.edges.map((e) => `${e.source} ${e.attributes.type} ${e.target}`).sort()).toEqual(
        expected.edges.map((e) => `${e.source} ${e.type} ${e.target}`).sort(),
      );
      for (const node of expected.nodes) {
        expect(reading.nodes.get(node.id)).toMatchObject({ type: node.type, label: node.label, ...node.properties });
      }
      // One vocabulary: type and label, then the properties under their own names; nothing else but the documented tool copies.
      expect(names(reading.nodes.values(), TOOL_EXTRAS[format].node)).toEqual(
        names(
          expected.nodes.map((n) => ({ type: 1, label: 1, ...n.properties })),
          [],
        ),
      );
      expect(
        names(
          reading.edges.map((e) => e.attributes),
          TOOL_EXTRAS[format].edge,
        ),
      ).toEqual(
        names(
          expected.edges.map((e) => ({ type: 1, ...e.properties })),
          [],
        ),
      );
    },
  );
});

describe('export routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 180_000);
  afterAll(() => server?.stop());

  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (await response.json()) as { error: { code?: string; parameter?: string; message: string } },
    };
  };

  it.each([
    ['/export/neighborhood?id=Author:nobody%20at%20all', 'id'],
    ['/export/neighborhood?id=Article:doi:10.1000/unknown&format=GEXF', 'id'],
    ['/export/neighborhood?id=no%20such%20name%20anywhere', 'id'],
    ['/export/path?from=Author:nobody%20at%20all&to=Topic:mesh:D001997', 'from'],
    ['/export/path?from=Author:haoming%20chen&to=Topic:mesh:D000001', 'to'],
    ['/export/topic?name=no%20such%20topic', 'name'],
  ])('%s is 404 JSON naming %s', async (path, parameter) => {
    const { status, type, body } = await get(path);
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.parameter).toBe(parameter);
  });

  it('takes ids in any case and names where ids are expected', async () => {
    const byName = await fetch(
      `${server.url}/export/path?from=Haoming%20CHEN&to=Bronchopulmonary%20dysplasia&format=D3`,
    );
    expect(byName.status).toBe(200);
    const path = (await byName.json()) as { nodes: { id: string }[] };
    expect(path.nodes[0]?.id).toBe('Author:haoming chen');
    const anyCase = await fetch(
      `${server.url}/export/neighborhood?id=${encodeURIComponent('Author:Xiuyong CHENG')}&format=D3`,
    );
    expect(anyCase.status).toBe(200);
    expect(((await anyCase.json()) as { nodes: { id: string }[] }).nodes[0]?.id).toBe('Author:xiuyong cheng');
  });
});

describe('export routes while the database is unavailable', () => {
  it('answer 503 JSON with Retry-After on every route', async () => {
    // Nothing listens on port 1 of the loopback.
    const db = createDatabase({
      uri: 'bolt://127.0.0.1:1',
      auth: neo4j.auth.basic('neo4j', 'x'),
      queryTimeoutMs: 5_000,
    });
    const handle = await createServer({ db, logger: pino({ level: 'silent' }) });
    const http: Server = await new Promise((resolve) => {
      const listening = handle.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      for (const path of [
        '/export/neighborhood?id=Topic:mesh:D020345',
        '/export/path?from=Author:haoming%20chen&to=Topic:mesh:D001997',
        '/export/topic?name=NEC&format=GEXF',
      ]) {
        const response = await fetch(`${url}${path}`);
        expect(response.status, path).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
      }
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await handle.stop();
      await db.driver.close();
    }
  }, 60_000);
});
