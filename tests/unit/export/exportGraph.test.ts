import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../../src/export/exportGraph.ts';
import { GRAPH_FORMAT_NAMES, isGraphFormatName } from '../../../src/export/graphFormats.ts';
import { sampleGraph } from './sampleGraph.ts';

describe('exportGraph', () => {
  it.each([
    ['CYTOSCAPE', 'application/json; charset=utf-8', 'cyjs'],
    ['D3', 'application/json; charset=utf-8', 'd3.json'],
    ['GRAPHOLOGY', 'application/json; charset=utf-8', 'graphology.json'],
    ['GRAPHML', 'application/graphml+xml; charset=utf-8', 'graphml'],
    ['GEXF', 'application/gexf+xml; charset=utf-8', 'gexf'],
  ] as const)('%s has content type %s and extension .%s', (format, contentType, fileExtension) => {
    const result = exportGraph(sampleGraph, format);
    expect(result.contentType).toBe(contentType);
    expect(result.fileExtension).toBe(fileExtension);
    if (contentType.startsWith('application/json')) expect(() => JSON.parse(result.body)).not.toThrow();
    else expect(XMLValidator.validate(result.body)).toBe(true);
  });

  it('wraps Cytoscape elements the way cy.json() and Cytoscape desktop read them', () => {
    const body = JSON.parse(exportGraph(sampleGraph, 'CYTOSCAPE').body) as {
      elements: { nodes: unknown[]; edges: unknown[] };
    };
    expect(body.elements.nodes).toHaveLength(6);
    expect(body.elements.edges).toHaveLength(5);
  });

  it('handles an empty graph in every format', () => {
    for (const format of GRAPH_FORMAT_NAMES) {
      expect(() => exportGraph({ nodes: [], edges: [] }, format)).not.toThrow();
    }
  });

  it('recognises only the GraphFormat enum values', () => {
    expect(GRAPH_FORMAT_NAMES).toEqual([
      'CYTOSCAPE',
      'D3',
      'GRAPHOLOGY',
      'GRAPHML',
      'GEXF',
      'VOSVIEWER_MAP',
      'VOSVIEWER_NETWORK',
    ]);
    expect(isGraphFormatName('GEXF')).toBe(true);
    expect(isGraphFormatName('gexf')).toBe(false);
    expect(isGraphFormatName('toString')).toBe(false);
  });
});
