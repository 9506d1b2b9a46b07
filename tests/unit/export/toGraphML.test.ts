import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toGraphML } from '../../../src/export/toGraphML.ts';
import { sampleGraph } from './sampleGraph.ts';

type Data = { '@_key': string; '#text'?: string };
type Element = { '@_id': string; '@_source'?: string; '@_target'?: string; data: Data[] };
type Key = { '@_id': string; '@_for': string; '@_attr.name': string; '@_attr.type': string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name),
});

function parse(xml: string) {
  const doc = parser.parse(xml) as {
    graphml: { '@_xmlns': string; key: Key[]; graph: { '@_edgedefault': string; node: Element[]; edge: Element[] } };
  };
  const keys = new Map(doc.graphml.key.map((key) => [key['@_id'], key]));
  /** An element's data as `{ attrName: text }`. */
  const values = (element: Element, scope: string) =>
    Object.fromEntries(
      element.data.map((data) => {
        const key = keys.get(data['@_key']);
        expect(key?.['@_for']).toBe(scope);
        return [key?.['@_attr.name'], data['#text'] ?? ''];
      }),
    );
  return { doc, keys, values };
}

describe('toGraphML', () => {
  const xml = toGraphML(sampleGraph);

  it('is well-formed XML in the GraphML namespace', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(parse(xml).doc.graphml['@_xmlns']).toBe('http://graphml.graphdrawing.org/xmlns');
    expect(parse(xml).doc.graphml.graph['@_edgedefault']).toBe('directed');
  });

  it('declares label and type for nodes, type for edges and typed property keys', () => {
    const declared = [...parse(xml).keys.values()].map((key) => [key['@_for'], key['@_attr.name'], key['@_attr.type']]);
    expect(declared).toEqual(
      expect.arrayContaining([
        ['node', 'label', 'string'],
        ['node', 'type', 'string'],
        ['node', 'year', 'int'],
        ['node', 'doi', 'string'],
        ['node', 'meshId', 'string'],
        ['edge', 'type', 'string'],
        ['edge', 'position', 'int'],
      ]),
    );
    expect(new Set(parse(xml).keys.keys()).size).toBe(declared.length);
  });

  it('carries every node with its label, type and properties, escaped and round-tripped', () => {
    const { doc, values } = parse(xml);
    expect(doc.graphml.graph.node.map((node) => node['@_id'])).toEqual(sampleGraph.nodes.map((node) => node.id));
    expect(values(doc.graphml.graph.node[0]!, 'node')).toEqual({
      label: 'Exosomes & preterm <infants>',
      type: 'ARTICLE',
      year: '2021',
      doi: '10.1/x',
    });
    expect(values(doc.graphml.graph.node[5]!, 'node')).toEqual({ label: '肺疾病', type: 'TOPIC' });
  });

  it('carries every edge with source, target, type and properties', () => {
    const { doc, values } = parse(xml);
    const edges = doc.graphml.graph.edge;
    expect(edges).toHaveLength(5);
    expect(edges[0]).toMatchObject({ '@_id': 'e1', '@_source': 'Author:1', '@_target': 'Article:1' });
    expect(values(edges[0]!, 'edge')).toMatchObject({ type: 'AUTHORED', position: '1' });
    expect(edges.map((edge) => values(edge, 'edge').type)).toEqual([
      'AUTHORED',
      'AUTHORED',
      'PUBLISHED_IN',
      'HAS_TOPIC',
      'BROADER',
    ]);
  });

  it('drops characters XML cannot carry and still validates', () => {
    const dirty = toGraphML({ nodes: [{ id: 'x', type: 'TOPIC', label: 'bad\u0001label' }], edges: [] });
    expect(XMLValidator.validate(dirty)).toBe(true);
    expect(dirty).toContain('badlabel');
  });

  it('widens mixed numeric properties and stringifies mixed kinds', () => {
    const mixed = toGraphML({
      nodes: [
        { id: 'a', type: 'ARTICLE', label: 'A', properties: { score: 1, flag: true } },
        { id: 'b', type: 'ARTICLE', label: 'B', properties: { score: 2.5, flag: 'yes' } },
      ],
      edges: [],
    });
    const kinds = Object.fromEntries(
      [...parse(mixed).keys.values()].map((key) => [key['@_attr.name'], key['@_attr.type']]),
    );
    expect(kinds).toMatchObject({ score: 'double', flag: 'string' });
  });
});

describe('toGraphML graph data', () => {
  it('declares a boolean graph key truncated and gives its value', () => {
    const xml = toGraphML({ ...sampleGraph, truncated: true });
    const { doc, keys } = parse(xml);
    const key = [...keys.values()].find((k) => k['@_for'] === 'graph');
    expect(key).toMatchObject({ '@_attr.name': 'truncated', '@_attr.type': 'boolean' });
    const graph = doc.graphml.graph as unknown as { data: Data[] };
    expect(graph.data).toEqual([{ '@_key': key!['@_id'], '#text': 'true' }]);
  });
});
