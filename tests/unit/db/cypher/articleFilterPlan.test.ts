import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import {
  compareKeys,
  onlyAnchor,
  ORDER_SPECS,
  planArticleFilter,
  reversed,
} from '../../../../src/db/cypher/articleFilterPlan.ts';
import type { ArticleFilter } from '../../../../src/graphql/generated/resolvers-types.ts';

describe('planning an article filter', () => {
  it('starts from all articles without a condition', () => {
    const plan = planArticleFilter(null);
    expect(plan.anchor).toBe('all');
    expect(plan.refs).toEqual([]);
    expect(onlyAnchor(plan)).toBe(true);
  });

  it('anchors on the kind with the fewest articles per node: author, then journal, institution, topic', () => {
    expect(planArticleFilter({ topic: 'NEC', journal: 'J' }).anchor).toBe('journal');
    expect(planArticleFilter({ topic: 'NEC', institution: 'I', author: 'A' }).anchor).toBe('author');
    expect(planArticleFilter({ topic: 'NEC', institution: 'I' }).anchor).toBe('institution');
    expect(planArticleFilter({ topics: ['a', 'b'] }).anchor).toBe('topic');
  });

  it('names cited and citing articles by global id or by identifier, and anchors on them first', () => {
    const plan = planArticleFilter({
      topic: 'NEC',
      cites: 'https://doi.org/10.9999/TEST.1',
      citedBy: 'Article:pmid:123',
    });
    expect(plan.anchor).toBe('citedBy');
    expect(plan.refs.slice(1)).toEqual([
      {
        label: 'Article',
        text: 'https://doi.org/10.9999/TEST.1',
        alias: 'doi:10.9999/test.1',
        withDescendants: false,
        scope: false,
      },
      { label: 'Article', text: 'Article:pmid:123', alias: 'article:pmid:123', withDescendants: false, scope: false },
    ]);
    expect(plan.groups.cites).toEqual([[1]]);
    expect(plan.groups.citedBy).toEqual([[2]]);
    expect(planArticleFilter({ cites: 'pmid:123' }).refs[0]!.alias).toBe('pmid:123');
    expect(() => planArticleFilter({ cites: ' ' })).toThrow(/filter\.cites/);
  });

  it('keeps reference-only articles in or out only when asked', () => {
    expect(planArticleFilter({}).referenceOnly).toBeNull();
    expect(planArticleFilter({ referenceOnly: false }).referenceOnly).toBe(false);
    expect(onlyAnchor(planArticleFilter({ referenceOnly: true }))).toBe(false);
  });

  it('makes one condition per topic with ALL (the default) and one for all of them with ANY', () => {
    expect(planArticleFilter({ topics: ['a', 'b'] }).groups.topic).toEqual([[0], [1]]);
    expect(planArticleFilter({ topics: ['a', 'b'], topicsMatch: 'ALL' }).groups.topic).toEqual([[0], [1]]);
    expect(planArticleFilter({ topics: ['a', 'b'], topicsMatch: 'ANY' }).groups.topic).toEqual([[0, 1]]);
    expect(planArticleFilter({ topic: 'c', topics: ['a', 'b'], topicsMatch: 'ANY' }).groups.topic).toEqual([
      [0],
      [1, 2],
    ]);
  });

  it('resolves names through their lookup form, with descendants for topics and institutions', () => {
    const plan = planArticleFilter({
      topic: ' Necrotizing  Enterocolitis ',
      author: 'Wei ZHANG',
      institution: '郑州大学',
    });
    expect(plan.refs).toEqual([
      {
        label: 'Topic',
        text: 'Necrotizing  Enterocolitis',
        alias: 'necrotizing enterocolitis',
        withDescendants: true,
        scope: false,
      },
      { label: 'Author', text: 'Wei ZHANG', alias: 'wei zhang', withDescendants: false, scope: false },
      { label: 'Institution', text: '郑州大学', alias: '郑州大学', withDescendants: true, scope: false },
    ]);
  });

  it('adds the parent of a nested list as the last condition of its kind', () => {
    const scoped = planArticleFilter({ author: 'Wei ZHANG' }, { kind: 'topic' });
    expect(scoped.anchor).toBe('author');
    expect(scoped.groups.topic).toEqual([[1]]);
    expect(scoped.refs[1]).toMatchObject({ label: 'Topic', scope: true, withDescendants: true });
    const own = planArticleFilter(null, { kind: 'journal' });
    expect(own.anchor).toBe('journal');
    expect(onlyAnchor(own)).toBe(true);
  });

  it('keeps years and a lower-case language, which make the anchor no longer the only condition', () => {
    const plan = planArticleFilter({ topic: 'NEC', yearFrom: 2019, yearTo: 2021, language: ' Chinese ' });
    expect(plan).toMatchObject({ yearFrom: 2019, yearTo: 2021, language: 'chinese' });
    expect(onlyAnchor(plan)).toBe(false);
    expect(onlyAnchor(planArticleFilter({ topic: 'NEC' }))).toBe(true);
    expect(onlyAnchor(planArticleFilter({ topics: ['a', 'b'] }))).toBe(false);
  });

  it.each([
    [{ topic: ' ' }, 'filter.topic'],
    [{ topics: ['a', ''] }, 'filter.topics[1]'],
    [{ author: '' }, 'filter.author'],
    [{ yearFrom: 2022, yearTo: 2020 }, 'filter.yearFrom'],
  ] as Array<[ArticleFilter, string]>)('refuses %j naming %s', (filter, argument) => {
    try {
      planArticleFilter(filter);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('sort orders', () => {
  const keys: Array<[number | string | null, string]> = [
    [2020, 'Article:b'],
    [null, 'Article:c'],
    [2021, 'Article:z'],
    [2020, 'Article:a'],
    [null, 'Article:a'],
    [2021, 'Article:y'],
  ];
  const sorted = (order: keyof typeof ORDER_SPECS) => [...keys].sort((a, b) => compareKeys(ORDER_SPECS[order], a, b));

  it('puts the newest first, ties by id, articles without a year last', () => {
    expect(sorted('YEAR_DESC')).toEqual([
      [2021, 'Article:y'],
      [2021, 'Article:z'],
      [2020, 'Article:a'],
      [2020, 'Article:b'],
      [null, 'Article:a'],
      [null, 'Article:c'],
    ]);
  });

  it('puts the oldest first, articles without a year still last', () => {
    expect(sorted('YEAR_ASC').map((key) => key[0])).toEqual([2020, 2020, 2021, 2021, null, null]);
  });

  it('reads an order backwards by reversing every part of it', () => {
    for (const order of Object.keys(ORDER_SPECS) as Array<keyof typeof ORDER_SPECS>) {
      const back = [...keys].sort((a, b) => compareKeys(reversed(ORDER_SPECS[order]), a, b));
      expect(back).toEqual(sorted(order).reverse());
    }
  });
});
