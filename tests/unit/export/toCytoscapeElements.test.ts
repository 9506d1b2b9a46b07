import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { toCytoscapeDocument, toCytoscapeElements } from '../../../src/export/toCytoscapeElements.ts';
import { sampleGraph } from './sampleGraph.ts';

describe('toCytoscapeElements', () => {
  it('gives one node element per node with id, label, type and properties in data', () => {
    const elements = toCytoscapeElements(sampleGraph);
    expect(elements.nodes).toHaveLength(6);
    expect(elements.nodes[0]).toEqual({
      group: 'nodes',
      data: {
        id: 'Article:1',
        label: 'Exosomes & preterm <infants>',
        name: 'Exosomes & preterm <infants>',
        type: 'ARTICLE',
        year: 2021,
        doi: '10.1/x',
      },
    });
  });

  it('gives one edge element per edge with source, target, type and properties', () => {
    const elements = toCytoscapeElements(sampleGraph);
    expect(elements.edges).toHaveLength(5);
    expect(elements.edges[0]).toEqual({
      group: 'edges',
      data: {
        id: 'e1',
        source: 'Author:1',
        target: 'Article:1',
        type: 'AUTHORED',
        interaction: 'AUTHORED',
        position: 1,
      },
    });
  });

  it('never lets a property overwrite a reserved key', () => {
    const elements = toCytoscapeElements({
      nodes: [{ id: 'a', type: 'TOPIC', label: 'A', properties: { id: 'evil', type: 'X', parent: 'b' } }],
      edges: [{ id: 'e', source: 'a', target: 'a', type: 'BROADER', properties: { source: 'evil' } }],
    });
    expect(elements.nodes[0]?.data).toEqual({ id: 'a', label: 'A', name: 'A', type: 'TOPIC' });
    expect(elements.edges[0]?.data.source).toBe('a');
  });

  it('loads into Cytoscape.js as it is', () => {
    const cy = cytoscape({ headless: true, elements: toCytoscapeElements(sampleGraph) });
    expect(cy.nodes()).toHaveLength(6);
    expect(cy.edges()).toHaveLength(5);
    expect(cy.nodes('[type = "TOPIC"]')).toHaveLength(2);
    expect(cy.$id('e1').data('position')).toBe(1);
    cy.destroy();
  });
});

describe('toCytoscapeDocument', () => {
  it('carries the truncation flag as graph data that cytoscape loads', () => {
    const doc = toCytoscapeDocument({ ...sampleGraph, truncated: true });
    const cy = cytoscape({ headless: true, ...doc });
    expect(cy.data('truncated')).toBe(true);
    expect(cy.nodes()).toHaveLength(6);
    cy.destroy();
  });
});
