import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles } from '../../../src/ingest/load/loadGraph.ts';
import { seedFiles } from '../../../src/ingest/seedFiles.ts';
import { startTestServer, type TestServer } from '../../helpers/startTestServer.ts';
import { testArticle } from '../../helpers/testArticles.ts';
import {
  ARTIFACTS_DIR,
  BROWSER_MISSING,
  graphqlRequest,
  launchBrowser,
  SEED_DOI,
  type TestBrowser,
} from './browser.ts';

/**
 * The researcher tasks of the explorer, each driven as a person would in Chromium, with the
 * number of steps (clicks, typed entries, key presses; opening the explorer counts as one) each
 * takes. The counts are written to tests/artifacts/researcher-steps.json.
 *
 * Data: the seed record, the test corpus (fictional WPRIM records), the OpenAlex format fixtures
 * (authors with ORCID, PMID, PMCID), the citation fixtures (reference-only works), and 40
 * generated articles, the later 30 of which cite two of the first 10 and one work known only as
 * a reference, so a topic's articles have a co-citation map.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

/** Generated article n >= 10 cites generated articles n % 10 and (n + 3) % 10, and a work absent from the graph. */
function citingArticle(n: number) {
  const article = testArticle(n);
  if (n < 10) return article;
  const cited = [n % 10, (n + 3) % 10].map((k) => ({ doi: `10.9999/generated.${String(k).padStart(4, '0')}` }));
  return {
    ...article,
    references: [
      ...cited,
      { doi: `10.9999/generated-reference.${n % 4}`, title: `[TEST] Reference-only work ${n % 4}`, year: 1999 },
    ],
  };
}

type Steps = { task: string; steps: number; how: string[] };

describe.skipIf(BROWSER_MISSING)('researcher tasks in the explorer', () => {
  let server: TestServer;
  let browser: TestBrowser;
  const recorded: Steps[] = [];
  let current: Steps;

  /** One user action, counted. */
  async function step<T>(how: string, action: () => Promise<T>): Promise<T> {
    current.steps += 1;
    current.how.push(how);
    return action();
  }
  function task(name: string): void {
    current = { task: name, steps: 0, how: [] };
    recorded.push(current);
  }

  const page = (): Page => browser.page;
  const status = () =>
    page()
      .locator('#graph-status')
      .evaluate((element) => ({ ...(element as HTMLElement).dataset }));
  const ready = async () => expect.poll(async () => (await status()).state, { timeout: 60_000 }).toBe('ready');

  async function openExplorer(query = ''): Promise<void> {
    await step('open the explorer', () => page().goto(`${server.url}/explore${query}`));
    await page().locator('#graph-status').waitFor({ state: 'attached' });
  }

  /** Types into the search box and picks the hit with this id (two steps: type, pick). */
  async function searchAndPick(text: string, id: string): Promise<void> {
    await step(`type “${text}” in the search box`, () => page().locator('#search-input').fill(text));
    const hit = page().locator(`#search-results li[data-id="${id}"]`);
    await hit.waitFor({ timeout: 20_000 });
    await step('pick the hit', () => hit.click());
    await ready();
    await expect
      .poll(() => page().locator('#details article').getAttribute('data-entity-id'), { timeout: 30_000 })
      .toBe(id);
  }

  beforeAll(async () => {
    server = await startTestServer({ corpus: true });
    await seedFiles(server.db, [join(FIXTURES, 'openalex/works.json'), join(FIXTURES, 'citations')]);
    await loadArticles(
      server.db,
      Array.from({ length: 40 }, (_, n) => citingArticle(n)),
    );
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (recorded.length) {
      await writeFile(join(ARTIFACTS_DIR, 'researcher-steps.json'), `${JSON.stringify(recorded, null, 2)}\n`);
      console.log(recorded.map((r) => `${r.task}: ${r.steps} steps (${r.how.join('; ')})`).join('\n'));
    }
  });

  it('finds the articles linking two topics', async () => {
    task('articles linking two topics');
    const expected = await graphqlRequest<{
      articles: { totalCount: number; edges: { node: { id: string; title: string } }[] };
    }>(
      server.url,
      'query { articles(filter: { topics: ["Exosomes", "Necrotizing enterocolitis"], topicsMatch: ALL }, first: 20) { totalCount edges { node { id title } } } }',
    );
    expect(expected.articles.totalCount).toBeGreaterThan(0);
    await openExplorer();
    await step('type the first topic and press Enter', async () => {
      await page().locator('#filter-topic-input').fill('Exosomes');
      await page().locator('#filter-topic-input').press('Enter');
    });
    await step('type the second topic and press Enter', async () => {
      await page().locator('#filter-topic-input').fill('Necrotizing enterocolitis');
      await page().locator('#filter-topic-input').press('Enter');
    });
    await step('press Apply filters', () => page().locator('#filter-apply').click());
    const list = page().locator('#filter-articles [data-slot="filtered"]');
    await expect
      .poll(() => list.locator('h3').textContent(), { timeout: 30_000 })
      .toBe(`Matching articles (${expected.articles.totalCount})`);
    const titles = await list.locator('li .ref').allTextContents();
    expect(titles).toEqual(expected.articles.edges.map((edge) => edge.node.title));
    expect(new URL(page().url()).searchParams.getAll('topic')).toEqual(['Exosomes', 'Necrotizing enterocolitis']);
  }, 180_000);

  it('sees who wrote them and where', async () => {
    task('who wrote them and where');
    const first = page().locator('#filter-articles [data-slot="filtered"] li .ref').first();
    const title = (await first.textContent())!;
    await step('click the article in the list', () => first.click());
    await ready();
    await expect.poll(() => page().locator('#details h2').textContent(), { timeout: 30_000 }).toBe(title);
    const authors = await page().locator('#details .detail-section:has(h3:text("Authors")) li').allInnerTexts();
    expect(authors.length).toBeGreaterThan(0);
    // Each author with the institutions of this article, e.g. "1. Wei ZHANG — <department>".
    expect(authors.some((line) => line.includes('—'))).toBe(true);
    await page().screenshot({ path: join(ARTIFACTS_DIR, 'task-who-wrote.png') });
  }, 120_000);

  it('lists the topics co-occurring with one', async () => {
    task('topics co-occurring with one');
    const exosomes = await graphqlRequest<{ topic: { id: string; coOccurring: { topic: { name: string } }[] } }>(
      server.url,
      'query { topic(name: "Exosomes") { id coOccurring(first: 10) { topic { name } } } }',
    );
    await openExplorer();
    await searchAndPick('Exosomes', exosomes.topic.id);
    const listed = await page()
      .locator('#details .detail-section:has(h3:text("Co-occurring topics")) li .ref')
      .allTextContents();
    expect(listed).toEqual(exosomes.topic.coOccurring.map((c) => c.topic.name));
  }, 120_000);

  it('finds a path from an author to a disease', async () => {
    task('path from an author to a disease');
    const author = await graphqlRequest<{ search: { node: { id: string } }[] }>(
      server.url,
      'query { search(query: "Haoming CHEN", types: [AUTHOR], first: 1) { node { id } } }',
    );
    const authorId = author.search[0]!.node.id;
    await openExplorer();
    await searchAndPick('Haoming', authorId);
    await step('press “Path from here”', () => page().locator('#details [data-action="path-from"]').click());
    await step('type the disease as the end', () => page().locator('#path-to').fill('Bronchopulmonary dysplasia'));
    await step('press Find path', () => page().locator('#path-form button[type="submit"]').click());
    await expect.poll(() => page().locator('#path-result').textContent(), { timeout: 60_000 }).toMatch(/^\d+ steps?: /);
    const drawn = await page().evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      return {
        start: cy.nodes('.path-start').map((n) => n.id()),
        ends: cy.nodes('.path-end').map((n) => String(n.data('label'))),
      };
    });
    expect(drawn.start).toEqual([authorId]);
    expect(
      drawn.ends.map((label) => label.toLowerCase()),
      drawn.ends.join(', '),
    ).toContain('bronchopulmonary dysplasia');
    expect(new URL(page().url()).searchParams.get('view')).toBe('path');
    await page().screenshot({ path: join(ARTIFACTS_DIR, 'task-path.png') });
  }, 180_000);

  it('shows what an article cites and who cites it, found by DOI, with reference-only works marked', async () => {
    task('what an article cites and who cites it');
    const doi = '10.9999/test.cite.001';
    const expected = await graphqlRequest<{
      article: { id: string; references: { totalCount: number }; citedBy: { totalCount: number } };
    }>(
      server.url,
      `query { article(doi: "${doi}") { id references(first: 1) { totalCount } citedBy(first: 1) { totalCount } } }`,
    );
    await openExplorer();
    await searchAndPick(doi, expected.article.id);
    await expect
      .poll(() => page().locator('#details [data-slot="references"] h3').textContent(), { timeout: 30_000 })
      .toBe(`References (${expected.article.references.totalCount})`);
    expect(await page().locator('#details [data-slot="citedBy"] h3').textContent()).toBe(
      `Cited by (${expected.article.citedBy.totalCount})`,
    );
    expect(await page().locator('#details [data-slot="references"] li.reference-only').count()).toBeGreaterThan(0);
    expect(
      await page().locator('#details [data-slot="references"] li.reference-only .note').first().textContent(),
    ).toContain('reference only');
    await page().screenshot({ path: join(ARTIFACTS_DIR, 'task-citations.png') });
  }, 120_000);

  it('finds articles by PMID, PMCID and OpenAlex id', async () => {
    const expected = await graphqlRequest<{ article: { id: string } }>(
      server.url,
      'query { article(doi: "10.9999/test.fmt.002") { id } }',
    ).catch(() => null);
    const id =
      expected?.article?.id ??
      (
        await graphqlRequest<{ search: { node: { id: string } }[] }>(
          server.url,
          'query { search(query: "PMC9900002", first: 1) { node { id } } }',
        )
      ).search[0]?.node.id;
    expect(id, 'the OpenAlex fixture article W9999000002 is in the graph').toBeTruthy();
    await page().goto(`${server.url}/explore`);
    for (const text of ['99000002', 'PMC9900002', 'W9999000002']) {
      await page().locator('#search-input').fill(text);
      await expect
        .poll(() => page().locator('#search-results li[data-id]').first().getAttribute('data-id'), { timeout: 20_000 })
        .toBe(id);
    }
  }, 120_000);

  it('restricts a topic neighbourhood to a year range, and downloads only what is shown', async () => {
    task('a year range');
    const topic = await graphqlRequest<{ topic: { id: string } }>(
      server.url,
      'query { topic(name: "Test topic 1") { id } }',
    );
    const inRange = await graphqlRequest<{ articles: { totalCount: number } }>(
      server.url,
      'query { articles(filter: { topics: ["Test topic 1"], yearFrom: 2005, yearTo: 2010 }, first: 1) { totalCount } }',
    );
    await openExplorer();
    await searchAndPick('Test topic 1', topic.topic.id);
    await step('type the first year', () => page().locator('#filter-year-from').fill('2005'));
    await step('type the last year', () => page().locator('#filter-year-to').fill('2010'));
    await step('press Apply filters', () => page().locator('#filter-apply').click());
    await expect
      .poll(async () => Number((await status()).matching), { timeout: 30_000 })
      .toBe(inRange.articles.totalCount);
    const drawn = await page().evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      return cy
        .nodes('[type = "ARTICLE"]')
        .not('.excluded')
        .map((n) => Number(n.data('year')));
    });
    expect(drawn.every((year) => year >= 2005 && year <= 2010)).toBe(true);
    await expect
      .poll(() => page().locator('#details [data-slot="articles"] h3').textContent(), { timeout: 30_000 })
      .toBe(`Articles of 2005–2010 (${inRange.articles.totalCount})`);
    await page().screenshot({ path: join(ARTIFACTS_DIR, 'task-year-range.png') });
    // The defect this guards: every file held all articles whatever the year filter.
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      page().locator('#download-buttons button[data-format="GRAPHML"]').click(),
    ]);
    const path = join(ARTIFACTS_DIR, `year-range-${download.suggestedFilename()}`);
    await download.saveAs(path);
    const graphml = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['node', 'edge', 'data', 'key'].includes(name),
    }).parse(await readFile(path, 'utf8')) as {
      graphml: {
        key: { '@_id': string; '@_attr.name': string; '@_for': string }[];
        graph: { node: { '@_id': string; data?: { '@_key': string; '#text'?: string }[] }[] };
      };
    };
    const articleIds = parsedArticleIds(graphml);
    expect(articleIds).toHaveLength(inRange.articles.totalCount);
  }, 180_000);

  it('draws a co-citation map of a topic’s articles and exports it to VOSviewer', async () => {
    task('co-citation map of a topic’s articles exported to VOSviewer');
    const variables = { filter: { topics: ['Test topic 1'] } };
    const expected = await graphqlRequest<{
      scienceMap: { nodes: { id: string; label: string; cluster: number }[]; clusters: unknown[] };
    }>(
      server.url,
      'query ($filter: ArticleFilter) { scienceMap(kind: COCITATION, filter: $filter) { nodes { id label cluster } clusters { cluster } } }',
      variables,
    );
    expect(expected.scienceMap.nodes.length).toBeGreaterThan(2);
    await openExplorer();
    await step('type the topic and press Enter', async () => {
      await page().locator('#filter-topic-input').fill('Test topic 1');
      await page().locator('#filter-topic-input').press('Enter');
    });
    await step('press Apply filters', () => page().locator('#filter-apply').click());
    await step('open the Map view', () => page().locator('#tab-map').click());
    // Choosing the kind draws the map (no Draw map press).
    await step('choose Co-citation', () => page().locator('#map-kind').selectOption('COCITATION'));
    await expect
      .poll(
        async () => ({
          mode: (await status()).mode,
          state: (await status()).state,
          nodes: Number((await status()).nodes),
        }),
        { timeout: 60_000 },
      )
      .toEqual({
        mode: 'map',
        state: 'ready',
        nodes: expected.scienceMap.nodes.length,
      });
    expect(await page().locator('#map-clusters li').count()).toBe(expected.scienceMap.clusters.length);
    const url = new URL(page().url());
    expect(url.searchParams.get('view')).toBe('map');
    expect(url.searchParams.get('kind')).toBe('COCITATION');
    await page().screenshot({ path: join(ARTIFACTS_DIR, 'task-cocitation-map.png') });
    const [download] = await Promise.all([
      page().waitForEvent('download', { timeout: 60_000 }),
      step('press “VOSviewer map file”', () =>
        page().locator('#download-buttons button[data-format="VOSVIEWER_MAP"]').click(),
      ),
    ]);
    const path = join(ARTIFACTS_DIR, download.suggestedFilename());
    await download.saveAs(path);
    const rows = parse(await readFile(path, 'utf8'), {
      delimiter: '\t',
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
    expect(rows).toHaveLength(expected.scienceMap.nodes.length);
    expect(Object.keys(rows[0]!)).toContain('cluster');
    expect(rows.map((row) => row.label).sort()).toEqual(expected.scienceMap.nodes.map((node) => node.label).sort());
  }, 240_000);

  it('goes from a node to its DOI, PubMed, MeSH and ORCID pages', async () => {
    task('from a node to its DOI/PubMed/MeSH/ORCID page');
    const seed = await graphqlRequest<{
      article: { id: string; authorships: { author: { id: string; name: string } }[] };
    }>(server.url, `query { article(doi: "${SEED_DOI}") { id authorships { author { id name } } } }`);
    await openExplorer(`?id=${encodeURIComponent(seed.article.id)}`);
    await ready();
    const links = page().locator('#details .links-out a');
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    // The step is the click on the link; the test checks where it points rather than leave this machine.
    current.steps += 1;
    current.how.push('click the DOI (or PubMed) link in the panel');
    expect(hrefs.some((href) => href.startsWith('https://doi.org/'))).toBe(true);
    expect(hrefs.some((href) => href.includes('pubmed.ncbi.nlm.nih.gov'))).toBe(true);
    expect(await links.first().getAttribute('target')).toBe('_blank');
    // A topic's MeSH page and an author's ORCID page: one click on the node, one on the link.
    const topic = await page().evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      const node = cy.nodes('[type = "TOPIC"]').filter((n) => /^Topic:mesh:/.test(n.id()))[0]!;
      return node.id();
    });
    await clickNode(page(), topic);
    await expect
      .poll(() => page().locator('#details article').getAttribute('data-entity-id'), { timeout: 30_000 })
      .toBe(topic);
    expect(await page().locator('#details .links-out a[href*="meshb.nlm.nih.gov"]').count()).toBe(1);
    const orcidAuthor = await graphqlRequest<{ search: { node: { id: string } }[] }>(
      server.url,
      'query { search(query: "Haoming Chen", types: [AUTHOR], first: 5) { node { id ... on Author { links { kind } } } } }',
    );
    const withOrcid = (orcidAuthor.search as unknown as { node: { id: string; links: { kind: string }[] } }[]).find(
      (hit) => hit.node.links.some((link) => link.kind === 'ORCID'),
    );
    expect(withOrcid, 'an author with an ORCID').toBeDefined();
    await page().goto(`${server.url}/explore?id=${encodeURIComponent(withOrcid!.node.id)}`);
    await ready();
    await expect
      .poll(() => page().locator('#details .links-out a[href^="https://orcid.org/"]').count(), { timeout: 30_000 })
      .toBe(1);
  }, 180_000);
});

/** The ids of the Article nodes of a GraphML file (the `type` data key). */
function parsedArticleIds(graphml: {
  graphml: {
    key: { '@_id': string; '@_attr.name': string; '@_for': string }[];
    graph: { node: { '@_id': string; data?: { '@_key': string; '#text'?: string }[] }[] };
  };
}): string[] {
  const typeKey = graphml.graphml.key.find((key) => key['@_attr.name'] === 'type' && key['@_for'] === 'node')?.['@_id'];
  return graphml.graphml.graph.node
    .filter((node) => node.data?.some((d) => d['@_key'] === typeKey && d['#text'] === 'ARTICLE'))
    .map((node) => node['@_id']);
}

/** Clicks a node on the canvas where Cytoscape drew it (a real mouse click). */
async function clickNode(page: Page, id: string): Promise<void> {
  const point = await page.evaluate((nodeId) => {
    const { cy } = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer;
    const node = cy.getElementById(nodeId);
    const position = node.renderedPosition();
    const box = cy.container()!.getBoundingClientRect();
    return { x: box.left + position.x, y: box.top + position.y };
  }, id);
  await page.mouse.click(point.x, point.y);
}
