import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/startTestServer.ts';
import { loadArticles } from '../../../src/ingest/load/loadGraph.ts';
import { testArticle } from '../../helpers/testArticles.ts';
import {
  ARTIFACTS_DIR,
  graphqlRequest,
  launchBrowser,
  SEED_DOI,
  type TestBrowser,
  BROWSER_MISSING,
} from './browser.ts';

/** The seed article at depth 1: itself, 3 authors, its journal and 7 topics. */
const SEED_NODES = 12;
/**
 * Its 3 AUTHORED, 1 PUBLISHED_IN and 7 HAS_TOPIC edges. The neighbourhood is
 * the induced subgraph, so typed links among its topics (COMPLICATION_OF,
 * DERIVED_FROM, BROADER) come on top: the exact count is taken from the API.
 */
const SEED_STAR_EDGES = 11;

type Graph = { nodes: { id: string; type: string; label: string }[]; edges: { id: string; type?: string }[] };

/** Screen boxes of the labels drawn, their screen font size, and the node ids drawn. */
async function drawnLabels(page: Page): Promise<{
  boxes: { id: string; x1: number; y1: number; x2: number; y2: number }[];
  fontPx: number[];
  nodes: string[];
}> {
  return page.evaluate(() => {
    const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
    const labelled = cy
      .nodes('.labelled, :selected')
      .filter((node) => String(node.style('label')) !== '' && node.visible());
    return {
      boxes: labelled.map((node) => {
        const box = node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        return { id: node.id(), x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 };
      }),
      fontPx: labelled.map((node) => parseFloat(String(node.style('font-size'))) * cy.zoom()),
      nodes: cy
        .nodes()
        .not('.filtered')
        .map((node) => node.id())
        .sort(),
    };
  });
}

function overlapping(boxes: { id: string; x1: number; y1: number; x2: number; y2: number }[]): string[] {
  const pairs: string[] = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs.push(`${a.id} / ${b.id}`);
    }
  }
  return pairs;
}

async function graphStatus(page: Page): Promise<{ state: string; nodes: number; edges: number }> {
  return page.locator('#graph-status').evaluate((element) => {
    const data = (element as HTMLElement).dataset;
    return { state: data.state ?? '', nodes: Number(data.nodes), edges: Number(data.edges) };
  });
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

describe.skipIf(BROWSER_MISSING)('graph explorer in a real browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let article: { id: string; title: string };
  /** Edges of the seed neighbourhood as the API reports them. */
  let seedEdges: number;

  beforeAll(async () => {
    server = await startTestServer();
    // Generated articles (not linked to the seed) give a topic whose depth-2 neighbourhood has ~50 nodes.
    await loadArticles(
      server.db,
      Array.from({ length: 40 }, (_, n) => testArticle(n)),
    );
    browser = await launchBrowser();
    const data = await graphqlRequest<{ article: { id: string; title: string } | null }>(
      server.url,
      'query ($doi: String!) { article(doi: $doi) { id title } }',
      { doi: SEED_DOI },
    );
    if (!data.article) throw new Error('the seed article is not in the test database');
    article = data.article;
    const seed = await graphqlRequest<{ neighborhood: Graph }>(
      server.url,
      'query ($id: ID!) { neighborhood(id: $id, depth: 1) { nodes { id type label } edges { id type } } }',
      { id: article.id },
    );
    expect(seed.neighborhood.nodes).toHaveLength(SEED_NODES);
    const star = seed.neighborhood.edges.filter((edge) =>
      ['AUTHORED', 'PUBLISHED_IN', 'HAS_TOPIC'].includes(edge.type ?? ''),
    );
    expect(star).toHaveLength(SEED_STAR_EDGES);
    seedEdges = seed.neighborhood.edges.length;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds the seed article by search and draws its neighbourhood', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/explore`);
    await page.locator('#search-input').fill(article.title.split(/\s+/).slice(0, 4).join(' '));
    const hit = page.locator(`#search-results li[data-id="${article.id}"]`);
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();

    await expect
      .poll(() => graphStatus(page), { timeout: 30_000 })
      .toEqual({ state: 'ready', nodes: SEED_NODES, edges: seedEdges });
    expect(new URL(page.url()).searchParams.get('id')).toBe(article.id);
    await expect.poll(() => page.locator('#details').innerText(), { timeout: 15_000 }).toContain(article.title);
    // Legend counts per type.
    const legend = await page.locator('#legend').innerText();
    expect(legend).toMatch(/Author\s*3/);
    expect(legend).toMatch(/Topic\s*7/);
    expect(legend).toMatch(/Journal\s*1/);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'explorer.png') });
  }, 120_000);

  it('expands a node on click', async () => {
    const { page } = browser;
    const shown = await page.evaluate(() =>
      (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy
        .nodes()
        .map((node) => ({ id: node.id(), type: String(node.data('type')) })),
    );
    // Pick a node whose neighbourhood adds something (an author with affiliations, else any node).
    const candidates = [
      ...shown.filter((n) => n.type === 'AUTHOR'),
      ...shown.filter((n) => n.type !== 'AUTHOR' && n.id !== article.id),
    ];
    let target: { id: string; added: number } | undefined;
    for (const candidate of candidates) {
      const data = await graphqlRequest<{ neighborhood: Graph }>(
        server.url,
        'query ($id: ID!) { neighborhood(id: $id, depth: 1, limit: 60) { nodes { id type label } edges { id } } }',
        { id: candidate.id },
      );
      const added = data.neighborhood.nodes.filter((node) => !shown.some((s) => s.id === node.id)).length;
      if (added > 0) {
        target = { id: candidate.id, added };
        break;
      }
    }
    expect(target, 'some node of the seed neighbourhood has further neighbours').toBeDefined();
    await clickNode(page, target!.id);
    await expect
      .poll(() => graphStatus(page), { timeout: 30_000 })
      .toMatchObject({ state: 'ready', nodes: SEED_NODES + target!.added });
    const expanded = await page.evaluate(
      (id) =>
        (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy
          .getElementById(id)
          .hasClass('expanded'),
      target!.id,
    );
    expect(expanded).toBe(true);
    await expect.poll(() => page.locator('#details article').getAttribute('data-entity-id')).toBe(target!.id);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-expanded.png') });
  }, 120_000);

  it('hides a type with the legend filter and shows it again', async () => {
    const { page } = browser;
    const before = await graphStatus(page);
    await page.locator('#legend input[data-type="TOPIC"]').uncheck();
    await expect.poll(async () => (await graphStatus(page)).nodes).toBeLessThanOrEqual(before.nodes - 7);
    await page.locator('#legend input[data-type="TOPIC"]').check();
    await expect.poll(async () => (await graphStatus(page)).nodes).toBe(before.nodes);
  });

  it('downloads what is shown as GraphML and GEXF that parse back', async () => {
    const { page } = browser;
    const { nodes, edges } = await graphStatus(page);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      isArray: (name) => ['node', 'edge', 'key', 'attribute'].includes(name),
    });

    const [graphmlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-buttons button[data-format="GRAPHML"]').click(),
    ]);
    expect(graphmlDownload.suggestedFilename()).toMatch(/\.graphml$/);
    const graphmlPath = join(ARTIFACTS_DIR, graphmlDownload.suggestedFilename());
    await graphmlDownload.saveAs(graphmlPath);
    const graphml = await readFile(graphmlPath, 'utf8');
    expect(XMLValidator.validate(graphml)).toBe(true);
    const parsedGraphml = parser.parse(graphml) as { graphml: { graph: { node: unknown[]; edge: unknown[] } } };
    expect(parsedGraphml.graphml.graph.node).toHaveLength(nodes);
    expect(parsedGraphml.graphml.graph.edge).toHaveLength(edges);

    const [gexfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-buttons button[data-format="GEXF"]').click(),
    ]);
    expect(gexfDownload.suggestedFilename()).toMatch(/\.gexf$/);
    const gexfPath = join(ARTIFACTS_DIR, gexfDownload.suggestedFilename());
    await gexfDownload.saveAs(gexfPath);
    const gexf = await readFile(gexfPath, 'utf8');
    expect(XMLValidator.validate(gexf)).toBe(true);
    const parsedGexf = parser.parse(gexf) as {
      gexf: { graph: { nodes: { node: unknown[] }; edges: { edge: unknown[] } } };
    };
    expect(parsedGexf.gexf.graph.nodes.node).toHaveLength(nodes);
    expect(parsedGexf.gexf.graph.edges.edge).toHaveLength(edges);

    const [cyDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-buttons button[data-format="CYTOSCAPE"]').click(),
    ]);
    const cyPath = join(ARTIFACTS_DIR, cyDownload.suggestedFilename());
    await cyDownload.saveAs(cyPath);
    const cyJson = JSON.parse(await readFile(cyPath, 'utf8')) as { elements: { nodes: unknown[]; edges: unknown[] } };
    expect(cyJson.elements.nodes).toHaveLength(nodes);
    expect(cyJson.elements.edges).toHaveLength(edges);

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-buttons button[data-format="PNG"]').click(),
    ]);
    expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
    await pngDownload.saveAs(join(ARTIFACTS_DIR, pngDownload.suggestedFilename()));
  }, 60_000);

  it('shows links out in the details panel', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/explore?id=${encodeURIComponent(article.id)}`);
    const doi = page.locator('#details a.link-out[data-kind="DOI"]');
    await doi.waitFor({ timeout: 30_000 });
    expect(await doi.getAttribute('href')).toBe(`https://doi.org/${SEED_DOI}`);
    expect(await doi.getAttribute('rel')).toContain('noopener');
    // A topic with a MeSH UI links to the MeSH Browser.
    await page.locator('#details .detail-section button.ref', { hasText: 'Bronchopulmonary' }).first().click();
    const mesh = page.locator('#details a.link-out[data-kind="MESH"]');
    await mesh.waitFor({ timeout: 30_000 });
    expect(await mesh.getAttribute('href')).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D001997');
  }, 120_000);

  it('draws 50 nodes with readable, non-overlapping labels, an edge legend and full titles on hover', async () => {
    const { page } = browser;
    const topic = 'Topic:kw:test topic 1';
    await page.goto(`${server.url}/explore?id=${encodeURIComponent(topic)}&depth=2`);
    await expect.poll(async () => (await graphStatus(page)).state, { timeout: 60_000 }).toBe('ready');
    const { nodes } = await graphStatus(page);
    expect(nodes).toBeGreaterThanOrEqual(45);
    expect(nodes).toBeLessThanOrEqual(70);
    await page.waitForTimeout(300);

    const labels = await drawnLabels(page);
    expect(overlapping(labels.boxes)).toEqual([]);
    expect(labels.boxes.length).toBeGreaterThanOrEqual(8);
    for (const px of labels.fontPx) expect(px).toBeGreaterThanOrEqual(11.5);
    // Edge legend: colour and dash per relationship present in the drawing, with counts.
    const authored = page.locator('#legend label[data-relation="AUTHORED"]');
    expect(await authored.isVisible()).toBe(true);
    expect(await authored.textContent()).toMatch(/authored\s*\d+/);
    expect(await page.locator('#legend .relation-sample').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-50-nodes.png') });

    // Zooming in makes room: at least as many labels, still none overlapping.
    await page.evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      cy.zoom({ level: cy.zoom() * 2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    });
    await page.waitForTimeout(300);
    const zoomed = await drawnLabels(page);
    expect(overlapping(zoomed.boxes)).toEqual([]);
    for (const px of zoomed.fontPx) expect(px).toBeGreaterThanOrEqual(11.5);
    await page.evaluate(() =>
      (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy.fit(undefined, 40),
    );
    await page.waitForTimeout(300);

    // A node without a drawn label shows its full title on hover.
    const unlabelled = await page.evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      const node =
        cy.nodes('[type = "ARTICLE"]').filter((n) => !n.hasClass('labelled') && !n.selected())[0] ??
        cy.nodes('[type = "ARTICLE"]')[0]!;
      const position = node.renderedPosition();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + position.x, y: box.top + position.y, label: String(node.data('label')) };
    });
    await page.mouse.move(unlabelled.x, unlabelled.y);
    await expect.poll(() => page.locator('#tooltip').isVisible()).toBe(true);
    expect(await page.locator('#tooltip').innerText()).toContain(unlabelled.label);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-50-nodes-hover.png') });
    await page.mouse.move(5, 5);
  }, 240_000);

  it('filters by year from the histogram of the topic in focus', async () => {
    const { page } = browser;
    const bars = page.locator('#details .years .bar:not([disabled])');
    await expect.poll(() => bars.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const year = Number(await bars.first().getAttribute('data-year'));
    await bars.first().click();
    await expect
      .poll(() => page.locator('#details [data-slot="articles"] h3').textContent(), { timeout: 30_000 })
      .toContain(`Articles of ${year}`);
    expect(new URL(page.url()).searchParams.get('from')).toBe(String(year));
    expect(new URL(page.url()).searchParams.get('to')).toBe(String(year));
    // The articles of other years leave the drawing (and the downloads); the centre stays.
    const hidden = await page.evaluate((y) => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      const articles = cy.nodes('[type = "ARTICLE"]').not('.root');
      return {
        hidden: articles.filter('.excluded').length,
        otherYears: articles.filter((n) => n.data('year') !== y).length,
        total: articles.length,
      };
    }, year);
    expect(hidden.hidden).toBe(hidden.otherYears);
    expect(hidden.hidden).toBeLessThan(hidden.total);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-year-filter.png') });
  }, 120_000);

  it('puts the view in the URL: a link reopens the same graph', async () => {
    const { page } = browser;
    // Expand a node, hide a type, then open the URL in a fresh page.
    const target = await page.evaluate(() => {
      const cy = (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy;
      return cy
        .nodes('[type = "AUTHOR"]')
        .filter((n) => !n.hasClass('expanded'))[0]!
        .id();
    });
    const before = (await graphStatus(page)).nodes;
    await clickNode(page, target);
    await expect.poll(async () => (await graphStatus(page)).nodes, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await graphStatus(page)).state).toBe('ready');
    await page.locator('#legend input[data-type="JOURNAL"]').uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('hide')).toEqual(['JOURNAL']);
    const url = page.url();
    expect(new URL(url).searchParams.getAll('expand')).toContain(target);
    const shown = await drawnLabels(page);

    const again = await browser.context.newPage();
    try {
      await again.goto(url);
      await expect
        .poll(() => again.locator('#graph-status').getAttribute('data-restored'), { timeout: 60_000 })
        .toBe('true');
      const reopened = await drawnLabels(again);
      expect(reopened.nodes).toEqual(shown.nodes);
      expect(await again.locator('#legend input[data-type="JOURNAL"]').isChecked()).toBe(false);
      expect(await again.locator('#graph-status').getAttribute('data-year')).toBe(
        new URL(url).searchParams.get('from') ?? '',
      );
    } finally {
      await again.close();
    }
  }, 120_000);

  it('works at 420 px wide: search box and depth selector usable, legend folded, panel below', async () => {
    const narrow = await browser.context.newPage();
    try {
      await narrow.setViewportSize({ width: 420, height: 860 });
      await narrow.goto(`${server.url}/explore?id=${encodeURIComponent(article.id)}`);
      await expect.poll(async () => (await graphStatus(narrow)).state, { timeout: 60_000 }).toBe('ready');
      const inside = async (selector: string) => {
        const box = await narrow.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.x, selector).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, selector).toBeLessThanOrEqual(420);
        expect(await narrow.locator(selector).isVisible(), selector).toBe(true);
        return box!;
      };
      const search = await inside('#search-input');
      expect(search.width).toBeGreaterThanOrEqual(300);
      await inside('#depth');
      expect(await narrow.locator('#legend').getAttribute('open')).toBeNull();
      await narrow.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-420px.png') });

      await narrow.locator('#depth').selectOption('2');
      await expect.poll(async () => (await graphStatus(narrow)).nodes, { timeout: 60_000 }).toBeGreaterThan(SEED_NODES);
      await expect.poll(() => new URL(narrow.url()).searchParams.get('depth')).toBe('2');
      await narrow.locator('#search-input').fill('Bronchopulmonary');
      const results = narrow.locator('#search-results li[data-id]');
      await results.first().waitFor({ timeout: 15_000 });
      await inside('#search-results');
      await narrow.screenshot({ path: join(ARTIFACTS_DIR, 'explorer-420px-search.png') });
      const labels = await drawnLabels(narrow);
      expect(overlapping(labels.boxes)).toEqual([]);
    } finally {
      await narrow.close();
    }
  }, 120_000);

  it('made no request off this machine and logged no errors', () => {
    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('serves the seed neighbourhood as HTTP downloads with content type and file name', async () => {
    const url = `${server.url}/export/neighborhood?id=${encodeURIComponent(article.id)}&depth=1`;
    const graphml = await fetch(url);
    expect(graphml.status).toBe(200);
    expect(graphml.headers.get('content-type')).toMatch(/^application\/graphml\+xml/);
    expect(graphml.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.graphml"$/);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['node', 'edge'].includes(name) }).parse(
      await graphml.text(),
    ) as {
      graphml: { graph: { node: unknown[]; edge: unknown[] } };
    };
    expect(parsed.graphml.graph.node).toHaveLength(SEED_NODES);
    expect(parsed.graphml.graph.edge).toHaveLength(seedEdges);

    const d3 = await fetch(`${url}&format=D3`);
    expect(d3.headers.get('content-type')).toMatch(/^application\/json/);
    expect(d3.headers.get('content-disposition')).toMatch(/\.d3\.json"$/);
    const d3Body = (await d3.json()) as { nodes: unknown[]; links: unknown[] };
    expect(d3Body.nodes).toHaveLength(SEED_NODES);
    expect(d3Body.links).toHaveLength(seedEdges);

    const missing = await fetch(`${server.url}/export/neighborhood?depth=1`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { parameter: 'id' } });
    const badFormat = await fetch(`${url}&format=PDF`);
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({ error: { parameter: 'format' } });
  });
});
