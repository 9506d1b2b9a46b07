import { MultiDirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { toGraphologySerialized } from '../../../src/export/toGraphologySerialized.ts';
import { sampleGraph } from './sampleGraph.ts';

describe('toGraphologySerialized', () => {
  it('is imported by graphology into a directed multigraph', () => {
    const serialized = toGraphologySerialized(sampleGraph);
    expect(serialized.options).toEqual({ type: 'directed', multi: true, allowSelfLoops: true });
    const graph = new MultiDirectedGraph();
    graph.import(serialized);
    expect(graph.order).toBe(6);
    expect(graph.size).toBe(5);
    expect(graph.getNodeAttribute('Article:1', 'label')).toBe('Exosomes & preterm <infants>');
    expect(graph.getNodeAttribute('Article:1', 'type')).toBe('ARTICLE');
    expect(graph.getAttribute('truncated')).toBe(false);
    expect(graph.getNodeAttribute('Article:1', 'year')).toBe(2021);
    expect(graph.getEdgeAttribute('e1', 'type')).toBe('AUTHORED');
    expect(graph.getEdgeAttribute('e1', 'position')).toBe(1);
    expect(graph.source('e1')).toBe('Author:1');
    expect(graph.target('e1')).toBe('Article:1');
  });

  it('gives every node the coordinates, size and colour Sigma needs', () => {
    const serialized = toGraphologySerialized(sampleGraph);
    for (const node of serialized.nodes) {
      expect(Number.isFinite(node.attributes.x)).toBe(true);
      expect(Number.isFinite(node.attributes.y)).toBe(true);
      expect(node.attributes.size).toBeGreaterThan(0);
      expect(node.attributes.color).toMatch(/^#[0-9a-f]{6}$/);
    }
    const positions = new Set(serialized.nodes.map((node) => `${node.attributes.x},${node.attributes.y}`));
    expect(positions.size).toBe(serialized.nodes.length);
  });

  it('is deterministic', () => {
    expect(toGraphologySerialized(sampleGraph)).toEqual(toGraphologySerialized(sampleGraph));
  });
});
