import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toVosviewerMap, toVosviewerNetwork } from '../../../src/export/toVosviewer.ts';
import type { ExportGraph } from '../../../src/export/exportTypes.ts';

const graph: ExportGraph = {
  nodes: [
    {
      id: 'Article:doi:10.9999/a',
      type: 'ARTICLE',
      label: 'Probiotics; a trial, "blinded"',
      properties: { year: 2020, doi: '10.9999/a' },
    },
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
  it('writes a map file a TSV reader reads back with id, label, description, url, weight<Documents>, weight<Citations> and score<Avg. pub. year>', () => {
    const rows = parse(toVosviewerMap(graph), { delimiter: '\t', columns: true, quote: '"' }) as Array<
      Record<string, string>
    >;
    expect(rows).toEqual([
      {
        id: '1',
        label: 'Probiotics; a trial, "blinded"',
        description: 'Article:doi:10.9999/a (ARTICLE)',
        url: 'https://doi.org/10.9999/a',
        'weight<Documents>': '1',
        'weight<Citations>': '0',
        'score<Avg. pub. year>': '2020',
      },
      {
        id: '2',
        label: 'Line break in title',
        description: 'Article:pmid:1 (ARTICLE)',
        url: '',
        'weight<Documents>': '1',
        'weight<Citations>': '1',
        'score<Avg. pub. year>': '',
      },
      {
        id: '3',
        label: 'C',
        description: 'Article:doi:10.9999/c (ARTICLE)',
        url: 'https://doi.org/10.9999/c',
        'weight<Documents>': '1',
        'weight<Citations>': '2',
        'score<Avg. pub. year>': '2018',
      },
    ]);
  });

  it('weighs an article by its citations in the whole graph, and any other item by the articles it is linked to', () => {
    const mixed: ExportGraph = {
      nodes: [
        { id: 'Article:a', type: 'ARTICLE', label: 'a', properties: { year: 2019, citations: 7 } },
        { id: 'Article:b', type: 'ARTICLE', label: 'b', properties: { year: 2022 } },
        { id: 'Author:x', type: 'AUTHOR', label: 'x' },
        { id: 'Topic:t', type: 'TOPIC', label: 't' },
      ],
      edges: [
        { id: 'e1', source: 'Author:x', target: 'Article:a', type: 'AUTHORED' },
        { id: 'e2', source: 'Author:x', target: 'Article:b', type: 'AUTHORED' },
        { id: 'e3', source: 'Article:b', target: 'Topic:t', type: 'HAS_TOPIC' },
      ],
    };
    const rows = parse(toVosviewerMap(mixed), { delimiter: '\t', columns: true, quote: '"' }) as Array<
      Record<string, string>
    >;
    expect(
      rows.map((row) => [row.label, row['weight<Documents>'], row['weight<Citations>'], row['score<Avg. pub. year>']]),
    ).toEqual([
      ['a', '1', '7', '2019'],
      ['b', '1', '0', '2022'],
      ['x', '2', '7', '2020.5'],
      ['t', '1', '0', '2022'],
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
    expect(header).toBe('id\tlabel\tdescription\turl\tweight<Documents>\tweight<Citations>');
  });
});
