import { describe, expect, it } from 'vitest';
import { filterGraphByYear } from '../../../../src/db/cypher/graphYearFilter.ts';
import type { GraphRecord } from '../../../../src/db/records/records.ts';

const node = (id: string, label: 'Article' | 'Author' | 'Topic', year?: number): GraphRecord['nodes'][number] => ({
  id,
  label,
  caption: id,
  properties: year === undefined ? {} : { year },
});
const edge = (source: string, target: string) => ({ type: 'X', source, target, properties: {} });

const graph: GraphRecord = {
  nodes: [
    node('T', 'Topic'),
    node('a2019', 'Article', 2019),
    node('a2022', 'Article', 2022),
    node('aNone', 'Article'),
    node('onlyOld', 'Author'),
    node('both', 'Author'),
    node('lonely', 'Author'),
  ],
  edges: [
    edge('a2019', 'T'),
    edge('a2022', 'T'),
    edge('aNone', 'T'),
    edge('onlyOld', 'a2019'),
    edge('both', 'a2019'),
    edge('both', 'a2022'),
  ],
  truncated: true,
};

describe('a neighbourhood cut to a year range', () => {
  it('drops the articles outside it (and undated ones), their edges, and nodes only they reached', () => {
    const cut = filterGraphByYear(graph, 'T', { yearFrom: 2020, yearTo: null });
    expect(cut.nodes.map((n) => n.id)).toEqual(['T', 'a2022', 'both', 'lonely']);
    expect(cut.edges).toEqual([edge('a2022', 'T'), edge('both', 'a2022')]);
    expect(cut.truncated).toBe(true);
  });
  it('keeps the centre even when it is an article outside the range, and changes nothing without a range', () => {
    expect(filterGraphByYear(graph, 'a2019', { yearFrom: 2021, yearTo: 2021 }).nodes.map((n) => n.id)).toEqual([
      'T',
      'a2019',
      'onlyOld',
      'both',
      'lonely',
    ]);
    expect(filterGraphByYear(graph, 'T', { yearFrom: null, yearTo: null })).toBe(graph);
  });
});
