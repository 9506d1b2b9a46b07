import { describe, expect, it } from 'vitest';
import { toD3NodeLink } from '../../../src/export/toD3NodeLink.ts';
import { sampleGraph } from './sampleGraph.ts';

describe('toD3NodeLink', () => {
  it('produces the node-link document with flattened properties', () => {
    const doc = toD3NodeLink(sampleGraph);
    expect(doc.directed).toBe(true);
    expect(doc.multigraph).toBe(true);
    expect(doc.graph).toEqual({ truncated: false });
    expect(toD3NodeLink({ ...sampleGraph, truncated: true }).graph).toEqual({ truncated: true });
    expect(doc.nodes).toHaveLength(6);
    expect(doc.links).toHaveLength(5);
    expect(doc.nodes[0]).toEqual({
      id: 'Article:1',
      type: 'ARTICLE',
      label: 'Exosomes & preterm <infants>',
      year: 2021,
      doi: '10.1/x',
    });
    expect(doc.links[1]).toEqual({ id: 'e2', source: 'Author:2', target: 'Article:1', type: 'AUTHORED', position: 2 });
  });

  it('references only existing node ids from links', () => {
    const doc = toD3NodeLink(sampleGraph);
    const ids = new Set(doc.nodes.map((node) => node.id));
    for (const link of doc.links) {
      expect(ids.has(link.source)).toBe(true);
      expect(ids.has(link.target)).toBe(true);
    }
  });

  it('survives a JSON round trip unchanged', () => {
    const doc = toD3NodeLink(sampleGraph);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
