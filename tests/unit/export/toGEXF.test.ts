import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toGEXF } from '../../../src/export/toGEXF.ts';
import { sampleGraph } from './sampleGraph.ts';

type AttValue = { '@_for': string; '@_value': string };
type Element = {
  '@_id': string;
  '@_label'?: string;
  '@_kind'?: string;
  '@_source'?: string;
  '@_target'?: string;
  attvalues: { attvalue: AttValue[] };
};
type Attribute = { '@_id': string; '@_title': string; '@_type': string };
type Gexf = {
  '@_xmlns': string;
  '@_xmlns:viz': string;
  meta: { keywords: string };
  '@_version': string;
  graph: {
    '@_defaultedgetype': string;
    attributes: { '@_class': string; attribute: Attribute[] }[];
    nodes: { node: (Element & { 'viz:color': { '@_r': string; '@_g': string; '@_b': string } })[] };
    edges: { edge: Element[] };
  };
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['attributes', 'attribute', 'node', 'edge', 'attvalue'].includes(name),
});

function parse(xml: string) {
  const gexf = (parser.parse(xml) as { gexf: Gexf }).gexf;
  const columns = (scope: string) =>
    new Map((gexf.graph.attributes.find((a) => a['@_class'] === scope)?.attribute ?? []).map((a) => [a['@_id'], a]));
  const values = (element: Element, scope: string) => {
    const declared = columns(scope);
    return Object.fromEntries(
      element.attvalues.attvalue.map((v) => [declared.get(v['@_for'])?.['@_title'], v['@_value']]),
    );
  };
  return { gexf, columns, values };
}

describe('toGEXF', () => {
  const xml = toGEXF(sampleGraph);

  it('is well-formed GEXF 1.3 with a directed graph', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const { gexf } = parse(xml);
    expect(gexf['@_xmlns']).toBe('http://gexf.net/1.3');
    expect(gexf['@_xmlns:viz']).toBe('http://gexf.net/1.3/viz');
    // The RELAX NG schema of GEXF 1.3 allows no foreign attributes on <gexf>.
    expect(Object.keys(gexf).filter((key) => key.startsWith('@_'))).toEqual(['@_xmlns', '@_xmlns:viz', '@_version']);
    expect(gexf['@_version']).toBe('1.3');
    expect(gexf.graph['@_defaultedgetype']).toBe('directed');
  });

  it('says in its meta whether a node limit cut the graph', () => {
    expect(parse(xml).gexf.meta.keywords).toBe('truncated=false');
    expect(parse(toGEXF({ ...sampleGraph, truncated: true })).gexf.meta.keywords).toBe('truncated=true');
  });

  it('uses only GEXF 1.3 attribute types, with the attribute name as id', () => {
    const { columns } = parse(xml);
    for (const scope of ['node', 'edge']) {
      for (const [id, attribute] of columns(scope)) {
        expect(id).toBe(attribute['@_title']);
        expect(['integer', 'long', 'double', 'float', 'boolean', 'string']).toContain(attribute['@_type']);
      }
    }
  });

  it('declares a type attribute for nodes and edges and typed property attributes', () => {
    const { columns } = parse(xml);
    const nodeColumns = [...columns('node').values()].map((a) => [a['@_title'], a['@_type']]);
    const edgeColumns = [...columns('edge').values()].map((a) => [a['@_title'], a['@_type']]);
    expect(nodeColumns).toEqual(
      expect.arrayContaining([
        ['type', 'string'],
        ['year', 'integer'],
        ['doi', 'string'],
      ]),
    );
    expect(edgeColumns).toEqual([
      ['type', 'string'],
      ['position', 'integer'],
    ]);
  });

  it('carries node labels, types, properties and type colours', () => {
    const { gexf, values } = parse(xml);
    const nodes = gexf.graph.nodes.node;
    expect(nodes.map((node) => node['@_id'])).toEqual(sampleGraph.nodes.map((node) => node.id));
    expect(nodes[0]?.['@_label']).toBe('Exosomes & preterm <infants>');
    expect(values(nodes[0]!, 'node')).toEqual({ type: 'ARTICLE', year: '2021', doi: '10.1/x' });
    expect(values(nodes[5]!, 'node')).toEqual({ type: 'TOPIC' });
    expect(nodes[5]?.['@_label']).toBe('肺疾病');
    expect(nodes[0]?.['viz:color']).toEqual({ '@_r': '59', '@_g': '111', '@_b': '182' });
  });

  it('carries edges with source, target, type label and properties', () => {
    const { gexf, values } = parse(xml);
    const edges = gexf.graph.edges.edge;
    expect(edges).toHaveLength(5);
    expect(edges[0]).toMatchObject({
      '@_id': 'e1',
      '@_source': 'Author:1',
      '@_target': 'Article:1',
      '@_label': 'AUTHORED',
      '@_kind': 'AUTHORED',
    });
    expect(values(edges[0]!, 'edge')).toEqual({ type: 'AUTHORED', position: '1' });
    expect(edges.map((edge) => values(edge, 'edge').type)).toEqual([
      'AUTHORED',
      'AUTHORED',
      'PUBLISHED_IN',
      'HAS_TOPIC',
      'BROADER',
    ]);
  });

  it('is deterministic', () => {
    expect(toGEXF(sampleGraph)).toBe(xml);
  });
});
