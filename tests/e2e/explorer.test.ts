import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/startTestServer.ts';
import { ARTIFACTS_DIR, graphqlRequest, launchBrowser, SEED_DOI, type TestBrowser, BROWSER_MISSING } from './browser.ts';

/** The seed article at depth 1: itself, 3 authors, its journal and 7 topics. */
const SEED_NODES = 12;
/**
 * Its 3 AUTHORED, 1 PUBLISHED_IN and 7 HAS_TOPIC edges. The neighbourhood is
 * the induced subgraph, so typed links among its topics (COMPLICATION_OF,
 * DERIVED_FROM, BROADER) come on top: the exact count is taken from the API.
 */
const SEED_STAR_EDGES = 11;

type Graph = { nodes: { id: string; type: string; label: string }[]; edges: { id: string; type?: string }[] };

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
  let server: { url: string; stop(): Promise<void> };
  let browser: TestBrowser;
  let article: { id: string; title: string };
  /** Edges of the seed neighbourhood as the API reports them. */
  let seedEdges: number;

  beforeAll(async () => {
    server = await startTestServer();
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
    const star = seed.neighborhood.edges.filter((edge) => ['AUTHORED', 'PUBLISHED_IN', 'HAS_TOPIC'].includes(edge.type ?? ''));
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

    await expect.poll(() => graphStatus(page), { timeout: 30_000 }).toEqual({ state: 'ready', nodes: SEED_NODES, edges: seedEdges });
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
      (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy.nodes().map((node) => ({ id: node.id(), type: String(node.data('type')) })),
    );
    // Pick a node whose neighbourhood adds something (an author with affiliations, else any node).
    const candidates = [...shown.filter((n) => n.type === 'AUTHOR'), ...shown.filter((n) => n.type !== 'AUTHOR' && n.id !== article.id)];
    let target: { id: string; added: number } | undefined;
    for (const candidate of candidates) {
      const data = await graphqlRequest<{ neighborhood: Graph }>(server.url, 'query ($id: ID!) { neighborhood(id: $id, depth: 1, limit: 60) { nodes { id type label } edges { id } } }', { id: candidate.id });
      const added = data.neighborhood.nodes.filter((node) => !shown.some((s) => s.id === node.id)).length;
      if (added > 0) {
        target = { id: candidate.id, added };
        break;
      }
    }
    expect(target, 'some node of the seed neighbourhood has further neighbours').toBeDefined();
    await clickNode(page, target!.id);
    await expect.poll(() => graphStatus(page), { timeout: 30_000 }).toMatchObject({ state: 'ready', nodes: SEED_NODES + target!.added });
    const expanded = await page.evaluate((id) => (window as unknown as { __explorer: { cy: import('cytoscape').Core } }).__explorer.cy.getElementById(id).hasClass('expanded'), target!.id);
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
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['node', 'edge', 'key', 'attribute'].includes(name) });

    const [graphmlDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-buttons button[data-format="GRAPHML"]').click()]);
    expect(graphmlDownload.suggestedFilename()).toMatch(/\.graphml$/);
    const graphmlPath = join(ARTIFACTS_DIR, graphmlDownload.suggestedFilename());
    await graphmlDownload.saveAs(graphmlPath);
    const graphml = await readFile(graphmlPath, 'utf8');
    expect(XMLValidator.validate(graphml)).toBe(true);
    const parsedGraphml = parser.parse(graphml) as { graphml: { graph: { node: unknown[]; edge: unknown[] } } };
    expect(parsedGraphml.graphml.graph.node).toHaveLength(nodes);
    expect(parsedGraphml.graphml.graph.edge).toHaveLength(edges);

    const [gexfDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-buttons button[data-format="GEXF"]').click()]);
    expect(gexfDownload.suggestedFilename()).toMatch(/\.gexf$/);
    const gexfPath = join(ARTIFACTS_DIR, gexfDownload.suggestedFilename());
    await gexfDownload.saveAs(gexfPath);
    const gexf = await readFile(gexfPath, 'utf8');
    expect(XMLValidator.validate(gexf)).toBe(true);
    const parsedGexf = parser.parse(gexf) as { gexf: { graph: { nodes: { node: unknown[] }; edges: { edge: unknown[] } } } };
    expect(parsedGexf.gexf.graph.nodes.node).toHaveLength(nodes);
    expect(parsedGexf.gexf.graph.edges.edge).toHaveLength(edges);

    const [cyDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-buttons button[data-format="CYTOSCAPE"]').click()]);
    const cyPath = join(ARTIFACTS_DIR, cyDownload.suggestedFilename());
    await cyDownload.saveAs(cyPath);
    const cyJson = JSON.parse(await readFile(cyPath, 'utf8')) as { elements: { nodes: unknown[]; edges: unknown[] } };
    expect(cyJson.elements.nodes).toHaveLength(nodes);
    expect(cyJson.elements.edges).toHaveLength(edges);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-buttons button[data-format="PNG"]').click()]);
    expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
    await pngDownload.saveAs(join(ARTIFACTS_DIR, pngDownload.suggestedFilename()));
  }, 60_000);

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
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['node', 'edge'].includes(name) }).parse(await graphml.text()) as {
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
