import { describe, expect, it } from 'vitest';
import {
  articlePasses,
  describeFilters,
  mapExportUrl,
  mapVariables,
  NO_FILTERS,
  readFilters,
  toArticleFilter,
  writeFilters,
  type ExplorerFilters,
} from '../../../src/web/client/filters.ts';
import { nextNode } from '../../../src/web/client/keyboardNav.ts';
import {
  clusterColour,
  mapElements,
  mapNodeSize,
  MAP_NODE_MAX,
  MAP_NODE_MIN,
  NO_YEAR_COLOUR,
  yearColour,
  type ApiScienceMap,
} from '../../../src/web/client/mapStyle.ts';
import {
  DEFAULT_MAP_VIEW,
  EMPTY_VIEW,
  readViewState,
  writeViewState,
  type ViewState,
} from '../../../src/web/client/viewState.ts';

const filters = (changes: Partial<ExplorerFilters>): ExplorerFilters => ({ ...NO_FILTERS, ...changes });

describe('shared filters to the API', () => {
  it('gives an empty ArticleFilter for no filter', () => {
    expect(toArticleFilter(NO_FILTERS)).toEqual({});
  });

  it('turns topics with AND or OR, a year range, a journal, a document type and the reference-only choice into ArticleFilter fields', () => {
    expect(
      toArticleFilter(
        filters({
          topics: ['Topic:mesh:D001997', 'Asthma'],
          topicsMatch: 'ANY',
          yearFrom: 2019,
          yearTo: 2021,
          journal: 'Chin J Pediatr',
          documentType: 'REVIEW',
          referenceOnly: 'exclude',
        }),
      ),
    ).toEqual({
      topics: ['Topic:mesh:D001997', 'Asthma'],
      topicsMatch: 'ANY',
      yearFrom: 2019,
      yearTo: 2021,
      journal: 'Chin J Pediatr',
      documentType: 'REVIEW',
      referenceOnly: false,
    });
    expect(toArticleFilter(filters({ topics: ['Asthma'], referenceOnly: 'only' }))).toEqual({
      topics: ['Asthma'],
      topicsMatch: 'ALL',
      referenceOnly: true,
    });
  });

  it('reads a range typed backwards as meant and keeps open-ended ranges open', () => {
    expect(toArticleFilter(filters({ yearFrom: 2022, yearTo: 2018 }))).toEqual({ yearFrom: 2018, yearTo: 2022 });
    expect(toArticleFilter(filters({ yearTo: 2020 }))).toEqual({ yearTo: 2020 });
  });

  it('adds the filters on top of the entity in focus', () => {
    expect(toArticleFilter(filters({ yearFrom: 2020, yearTo: 2020 }), { author: 'Author:x' })).toEqual({
      author: 'Author:x',
      yearFrom: 2020,
      yearTo: 2020,
    });
  });

  it('tests a drawn article against the year range and the reference-only choice', () => {
    const range = filters({ yearFrom: 2019, yearTo: 2020 });
    expect(articlePasses(range, { year: 2019, referenceOnly: false })).toBe(true);
    expect(articlePasses(range, { year: 2021, referenceOnly: false })).toBe(false);
    expect(articlePasses(range, { year: null, referenceOnly: false })).toBe(false);
    expect(articlePasses(NO_FILTERS, { year: null, referenceOnly: true })).toBe(true);
    expect(articlePasses(filters({ referenceOnly: 'exclude' }), { year: 2020, referenceOnly: true })).toBe(false);
    expect(articlePasses(filters({ referenceOnly: 'only' }), { year: 2020, referenceOnly: false })).toBe(false);
  });

  it('describes the filters for notices', () => {
    expect(describeFilters(filters({ topics: ['A', 'B'], topicsMatch: 'ANY', yearFrom: 2019, yearTo: 2021 }))).toBe(
      'A OR B · 2019–2021',
    );
    expect(describeFilters(filters({ yearFrom: 2020, yearTo: 2020, referenceOnly: 'exclude' }))).toBe(
      '2020 · no reference-only works',
    );
    expect(describeFilters(NO_FILTERS)).toBe('');
  });

  it('round-trips the filters through the URL and reads the single year of older links as a range', () => {
    const all = filters({
      topics: ['Topic:a, b', 'Asthma'],
      topicsMatch: 'ANY',
      yearFrom: 2019,
      yearTo: 2021,
      journal: 'J',
      documentType: 'REVIEW',
      referenceOnly: 'only',
    });
    expect(readFilters(new URLSearchParams(writeFilters(all).toString()))).toEqual(all);
    expect(readFilters(new URLSearchParams('year=2021'))).toEqual(filters({ yearFrom: 2021, yearTo: 2021 }));
    expect(readFilters(new URLSearchParams('from=soon&refonly=maybe'))).toEqual(NO_FILTERS);
  });

  it('builds the scienceMap variables and the /export/map address with the same filters', () => {
    const f = filters({ topics: ['Asthma', 'Sepsis'], topicsMatch: 'ANY', yearFrom: 2020 });
    expect(mapVariables(DEFAULT_MAP_VIEW, f)).toEqual({
      kind: 'TOPIC_COOCCURRENCE',
      normalization: 'ASSOCIATION_STRENGTH',
      minStrength: 1,
      limit: 100,
      filter: { topics: ['Asthma', 'Sepsis'], topicsMatch: 'ANY', yearFrom: 2020 },
    });
    expect(mapVariables(DEFAULT_MAP_VIEW, NO_FILTERS)).not.toHaveProperty('filter');
    const url = new URL(
      mapExportUrl('/export/map', { ...DEFAULT_MAP_VIEW, kind: 'COCITATION' }, f, 'VOSVIEWER_MAP'),
      'http://x',
    );
    expect(url.pathname).toBe('/export/map');
    expect(url.searchParams.get('kind')).toBe('COCITATION');
    expect(url.searchParams.get('format')).toBe('VOSVIEWER_MAP');
    expect(url.searchParams.getAll('topics')).toEqual(['Asthma', 'Sepsis']);
    expect(url.searchParams.get('topicsMatch')).toBe('ANY');
    expect(url.searchParams.get('yearFrom')).toBe('2020');
    expect(url.searchParams.has('yearTo')).toBe(false);
    expect(url.searchParams.get('limit')).toBe('100');
  });
});

describe('explorer view in the URL', () => {
  const view = (changes: Partial<ViewState>): ViewState => ({ ...EMPTY_VIEW, ...changes });

  it('round-trips a neighbourhood view, ids with commas and spaces included', () => {
    const v = view({
      id: 'Author:haoming chen',
      depth: 2,
      limit: 400,
      expanded: ['Topic:mesh:D001997', 'Institution:a, b'],
      hidden: ['TOPIC', 'HAS_TOPIC'],
      selected: 'Topic:mesh:D001997',
      filters: filters({ yearFrom: 2020, yearTo: 2021 }),
    });
    expect(readViewState(new URLSearchParams(writeViewState(v).toString()))).toEqual(v);
  });

  it('round-trips a map view and a path view', () => {
    const map = view({
      mode: 'map',
      map: {
        kind: 'COCITATION',
        normalization: 'JACCARD',
        minStrength: 2,
        limit: 50,
        sizeBy: 'citations',
        colourBy: 'year',
      },
      filters: filters({ topics: ['Asthma'] }),
    });
    expect(readViewState(new URLSearchParams(writeViewState(map).toString()))).toEqual(map);
    const path = view({
      mode: 'path',
      path: { from: 'Author:a', to: 'Topic:b', citations: false },
      selected: 'Topic:b',
    });
    expect(readViewState(new URLSearchParams(writeViewState(path).toString()))).toEqual(path);
  });

  it('keeps unrelated parameters and falls back on malformed values', () => {
    const params = writeViewState({ ...EMPTY_VIEW, id: 'Topic:x' }, new URLSearchParams('lang=en'));
    expect(params.get('lang')).toBe('en');
    expect(readViewState(new URLSearchParams('id=Topic:x&depth=9&limit=5000&view=path&kind=drop;table'))).toEqual({
      ...EMPTY_VIEW,
      id: 'Topic:x',
    });
  });
});

describe('science map drawing', () => {
  const map: ApiScienceMap = {
    kind: 'TOPIC_COOCCURRENCE',
    normalization: 'ASSOCIATION_STRENGTH',
    modularity: 0.4,
    resolution: 1,
    seed: 42,
    articleCount: 10,
    totalNodes: 3,
    limited: false,
    clusters: [
      { cluster: 1, size: 2, topLabels: ['A', 'B'] },
      { cluster: 2, size: 1, topLabels: ['C'] },
    ],
    nodes: [
      { id: 'Topic:a', label: 'A', type: 'Topic', weight: 9, citations: 0, cluster: 1, x: 0, y: 1, meanYear: 2018 },
      { id: 'Topic:b', label: 'B', type: 'Topic', weight: 4, citations: 5, cluster: 1, x: 1, y: 0, meanYear: 2022 },
      { id: 'Topic:c', label: 'C', type: 'Topic', weight: 1, citations: 1, cluster: 2, x: -1, y: 0, meanYear: null },
    ],
    links: [
      { source: 'Topic:a', target: 'Topic:b', strength: 2, count: 4 },
      { source: 'Topic:a', target: 'Topic:c', strength: 1, count: 1 },
      { source: 'Topic:a', target: 'Topic:gone', strength: 1, count: 1 },
    ],
  };

  it('sizes nodes by the square root of weight or citations between the smallest and largest size', () => {
    expect(mapNodeSize(1, 1, 9)).toBe(MAP_NODE_MIN);
    expect(mapNodeSize(9, 1, 9)).toBe(MAP_NODE_MAX);
    expect(mapNodeSize(4, 1, 9)).toBeCloseTo(MAP_NODE_MIN + (MAP_NODE_MAX - MAP_NODE_MIN) / 2);
    expect(mapNodeSize(3, 3, 3)).toBe((MAP_NODE_MIN + MAP_NODE_MAX) / 2);
  });

  it('colours by cluster or by mean year, grey for a node with no year', () => {
    expect(clusterColour(1)).not.toBe(clusterColour(2));
    expect(yearColour(2018, 2018, 2022)).toBe('#440154');
    expect(yearColour(2022, 2018, 2022)).toBe('#fde725');
    expect(yearColour(null, 2018, 2022)).toBe(NO_YEAR_COLOUR);
    const byYear = mapElements(map, { sizeBy: 'weight', colourBy: 'year' }).filter((e) => e.group === 'nodes');
    expect(byYear.map((e) => e.data.colour)).toEqual(['#440154', '#fde725', NO_YEAR_COLOUR]);
  });

  it('places nodes at the server positions (y up), sized by the chosen measure, and drops links to absent nodes', () => {
    const elements = mapElements(map, { sizeBy: 'citations', colourBy: 'cluster' });
    const nodes = elements.filter((e) => e.group === 'nodes');
    const a = nodes.find((e) => e.data.id === 'Topic:a')!;
    const b = nodes.find((e) => e.data.id === 'Topic:b')!;
    expect(a.group === 'nodes' && a.position.y).toBeLessThan(b.group === 'nodes' ? b.position.y : 0);
    expect(a.data.size).toBe(MAP_NODE_MIN);
    expect(b.data.size).toBe(MAP_NODE_MAX);
    expect(a.data.colour).toBe(clusterColour(1));
    const links = elements.filter((e) => e.group === 'edges');
    expect(links.map((e) => e.data.target)).toEqual(['Topic:b', 'Topic:c']);
    expect(Number(links[0]!.data.width)).toBeGreaterThan(Number(links[1]!.data.width));
  });
});

describe('keyboard moves on the canvas', () => {
  const nodes = [
    { id: 'centre', x: 0, y: 0 },
    { id: 'right-near', x: 50, y: 10 },
    { id: 'right-far', x: 200, y: 0 },
    { id: 'up', x: 0, y: -80 },
    { id: 'diagonal', x: 40, y: -60 },
  ];
  it('goes to the nearest node lying in the direction of the arrow', () => {
    expect(nextNode(nodes[0]!, nodes, 'right')).toBe('right-near');
    expect(nextNode(nodes[0]!, nodes, 'up')).toBe('up');
    expect(nextNode(nodes[0]!, nodes, 'left')).toBeNull();
    expect(nextNode(nodes[2]!, nodes, 'left')).toBe('right-near');
  });
});

describe('identifiers typed into the search box', () => {
  it('sends DOIs, PMIDs, PMCIDs and OpenAlex ids to search, words to completion', async () => {
    const { looksLikeIdentifier } = await import('../../../src/web/client/identifiers.ts');
    for (const text of [
      '10.3760/cma.j.cn101070-20200616-01000',
      'https://doi.org/10.1000/xyz',
      'doi:10.1000/xyz',
      '33445566',
      'pmid:123',
      'PMC7654321',
      'W2741809807',
      'https://openalex.org/W2741809807',
    ]) {
      expect(looksLikeIdentifier(text), text).toBe(true);
    }
    for (const text of ['asthma', 'Bronchopulmonary dysplasia 2020', '10 years', 'Wang'])
      expect(looksLikeIdentifier(text), text).toBe(false);
  });
});

describe('exact identifier look-ups', () => {
  it('turns a typed identifier into the article(…) arguments', async () => {
    const { identifierLookup } = await import('../../../src/web/client/identifiers.ts');
    expect(identifierLookup('https://doi.org/10.1000/XYZ')).toEqual({ doi: '10.1000/XYZ' });
    expect(identifierLookup('pmid: 99000002')).toEqual({ pmid: '99000002' });
    expect(identifierLookup('pmc9900002')).toEqual({ pmcid: 'PMC9900002' });
    expect(identifierLookup('https://openalex.org/W9999000002')).toEqual({ openalexId: 'W9999000002' });
    expect(identifierLookup('exosomes')).toBeNull();
  });
});
