import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toVosviewerMap, toVosviewerNetwork } from '../../../src/export/toVosviewer.ts';
import type { ExportGraph } from '../../../src/export/exportTypes.ts';

const graph: ExportGraph = {
  nodes: [
    { id: 'Article:doi:10.9999/a', type: 'ARTICLE', label: 'Probiotics; a trial, "blinded"', properties: { year: 2020, doi: '10.9999/a' } },
    { id: 'Article:pmid:1', type: 'ARTICLE', label: 'Line\tbreak\nin title', properties: {} },
    { id: 'Article:doi:10.9999/c', type: 'ARTICLE', label: 'C', properties: { year: 2018, doi: '10.9999/c' } },
  ],
  edges: [
    { id: 'e1', source: 'Article:doi:10.9999/a', target: 'Article:doi:10.9999/c', type: 'CITES' },
    { id: 'e2', source: 'Article:pmid:1', target: 'Article:doi:10.9999/c', type: 'CITES' },
    { id: 'e3', source: 'Article:doi:10.9999/c', target: 'Article:pmid:1', type: 'CITES' },
  ],
};

describe('VOSviewer files', () => {
  it('writes a map file a TSV reader reads back with id, label, description, url, weight<Citations> and score<Year>', () => {
    const rows = parse(toVosviewerMap(graph), { delimiter: '\t', columns: true, quote: '"' }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { id: '1', label: 'Probiotics; a trial, "blinded"', description: 'Article:doi:10.9999/a (ARTICLE)', url: 'https://doi.org/10.9999/a', 'weight<Citations>': '0', 'score<Year>': '2020' },
      { id: '2', label: 'Line break in title', description: 'Article:pmid:1 (ARTICLE)', url: '', 'weight<Citations>': '1', 'score<Year>': '' },
      { id: '3', label: 'C', description: 'Article:doi:10.9999/c (ARTICLE)', url: 'https://doi.org/10.9999/c', 'weight<Citations>': '2', 'score<Year>': '2018' },
    ]);
  });

  it('quotes a label with a comma or semicolon, as the manual asks', () => {
    expect(toVosviewerMap(graph).split('\n')[1]).toContain('\t"Probiotics; a trial, ""blinded"""\t');
  });

  it('writes each linked pair once, smaller id first, with the number of edges between them as strength', () => {
    expect(toVosviewerNetwork(graph)).toBe('1\t3\t1\n2\t3\t2\n');
  });

  it('leaves out the score column when no node has a year', () => {
    const header = toVosviewerMap({ nodes: [{ id: 'Topic:x', type: 'TOPIC', label: 'x' }], edges: [] }).split('\n')[0];
    expect(header).toBe('id\tlabel\tdescription\turl\tweight<Citations>');
  });
});
