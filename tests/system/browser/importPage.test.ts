import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../helpers/startTestServer.ts';
import { graphCounts } from '../../helpers/graphCounts.ts';
import { PROJECT_ROOT } from '../../helpers/runSeedCli.ts';
import { AccessTokens } from '../../../src/write/accessTokens.ts';
import { DEFAULT_WRITE_CONFIG } from '../../../src/write/writeConfig.ts';
import { CURATOR_TOKEN } from '../../helpers/writeClient.ts';
import { BROWSER_MISSING, launchBrowser, type TestBrowser } from './browser.ts';

const RIS = path.join(PROJECT_ROOT, 'tests/fixtures/formats/ris/zotero-embase.ris');
const MEDLINE = path.join(PROJECT_ROOT, 'tests/fixtures/formats/medline/written-records.nbib');

describe.skipIf(BROWSER_MISSING)('the import page in a real browser', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startTestServer({
      write: { ...DEFAULT_WRITE_CONFIG, tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test') },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('checks the dropped files, imports them with the token of this tab, and links the new articles to the explorer', async () => {
    const { page } = browser;
    const before = await graphCounts(server.db);
    await page.goto(`${server.url}/import`);
    await page.fill('#token', CURATOR_TOKEN);
    // Checked when the field is left, and kept for the tab once accepted.
    await page.press('#token', 'Tab');
    await expect.poll(() => page.locator('#token-state').textContent(), { timeout: 60_000 }).toBe('accepted');
    await page.setInputFiles('#files', [RIS, MEDLINE]);

    // Each file is checked first (a dry run): the detected format shows, nothing is written yet.
    const ris = page.locator('tr[data-file="zotero-embase.ris"]');
    const medline = page.locator('tr[data-file="written-records.nbib"]');
    await expect.poll(() => ris.locator('[data-cell="format"]').textContent(), { timeout: 60_000 }).toBe('RIS');
    await expect.poll(() => medline.locator('[data-cell="format"]').textContent(), { timeout: 60_000 }).toBe('MEDLINE');
    expect(await graphCounts(server.db)).toEqual(before);

    await expect.poll(() => page.locator('#import-button').isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.click('#import-button');
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await page.locator('#status').textContent()).toBe('Done: 2 of 2 file(s) written.');
    expect(await ris.locator('[data-cell="status"]').textContent()).toMatch(
      /^\d+ new articles?, \d+ existing articles? with a new source, 0 updated/,
    );

    // The token stayed in this tab's session storage, nowhere else.
    const storage = await page.evaluate(() => ({
      session: sessionStorage.getItem('scholarly-graph.token'),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    expect(storage).toEqual({ session: expect.any(String), local: 0, cookie: '' });

    // What the sources say: imported by the token's name, under the files' names.
    const links = ris.locator('a.article-link');
    expect(await links.count()).toBeGreaterThan(0);
    const articleId = (await links.first().textContent())!;
    const [row] = await server.db.read<{ by: string; file: string }>(
      'MATCH (s:Source)-[:DESCRIBES]->(:Article {id: $id}) WHERE s.file = "zotero-embase.ris" RETURN s.importedBy AS by, s.file AS file',
      { id: articleId },
    );
    expect(row).toEqual({ by: 'curator', file: 'zotero-embase.ris' });
    expect((await graphCounts(server.db)).Article).toBeGreaterThan(before.Article ?? 0);

    // The link opens the article in the explorer.
    const href = (await links.first().getAttribute('href'))!;
    await page.goto(`${server.url}${href}`);
    await expect
      .poll(
        () =>
          page.locator('#graph-status').evaluate((el) => ({
            state: (el as HTMLElement).dataset.state,
            nodes: Number((el as HTMLElement).dataset.nodes),
          })),
        { timeout: 60_000 },
      )
      .toMatchObject({ state: 'ready' });
    const nodes = await page.locator('#graph-status').evaluate((el) => Number((el as HTMLElement).dataset.nodes));
    expect(nodes).toBeGreaterThan(1);

    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 240_000);

  it('shows the service refusing a wrong token, checks no file with it, and writes nothing', async () => {
    const { page } = browser;
    const before = await graphCounts(server.db);
    await page.goto(`${server.url}/import`);
    await page.click('#forget-token');
    await page.fill('#token', 'not-the-token-not-the-token');
    await page.click('#check-token');
    await expect
      .poll(() => page.locator('#token-state').textContent(), { timeout: 60_000 })
      .toBe('The bearer token is not valid.');
    await page.setInputFiles('#files', [RIS]);
    const status = page.locator('tr[data-file="zotero-embase.ris"] [data-cell="status"]');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('waiting for an accepted token (step 1)');
    expect(await page.locator('#import-button').isDisabled()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('scholarly-graph.token'))).toBeNull();
    expect(await graphCounts(server.db)).toEqual(before);
  }, 120_000);

  it('sends a token typed key by key only once the field is left, not per keystroke', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/import`);
    await page.click('#forget-token');
    const sent: string[] = [];
    const onRequest = (request: { headers(): Record<string, string>; url(): string }) => {
      if (request.headers().authorization) sent.push(request.url());
    };
    page.on('request', onRequest);
    try {
      await page.locator('#token').pressSequentially(CURATOR_TOKEN);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(sent).toEqual([]);
      expect(await page.locator('#token-state').textContent()).toMatch(/not checked yet/);
      await page.press('#token', 'Tab');
      await expect.poll(() => page.locator('#token-state').textContent(), { timeout: 60_000 }).toBe('accepted');
      expect(sent.length).toBe(1);
    } finally {
      page.off('request', onRequest);
    }
  }, 120_000);

  it('a stale token kept in the tab does not break explorer search (reads need no token, so none is sent)', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/import`);
    await page.evaluate(() => sessionStorage.setItem('scholarly-graph.token', 'a-token-revoked-since-it-was-pasted'));
    const sent: string[] = [];
    const onRequest = (request: { headers(): Record<string, string>; url(): string }) => {
      if (request.headers().authorization) sent.push(request.url());
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${server.url}/explore`);
      await page.locator('#search-input').fill('Bronchopulmonary');
      await expect
        .poll(() => page.locator('#search-results li[data-id]').count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
      expect(sent).toEqual([]);
    } finally {
      page.off('request', onRequest);
    }
  }, 120_000);

  it('with READ_TOKENS_REQUIRED the explorer sends the tab token, and a refused one is forgotten with a message', async () => {
    const closed = await startTestServer({
      write: {
        ...DEFAULT_WRITE_CONFIG,
        tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test'),
        readTokensRequired: true,
      },
    });
    try {
      const { page } = browser;
      await page.goto(`${closed.url}/import`);
      await page.evaluate(() => sessionStorage.setItem('scholarly-graph.token', 'a-token-revoked-since-it-was-pasted'));
      await page.goto(`${closed.url}/explore`);
      await page.locator('#search-input').fill('Bronchopulmonary');
      const results = page.locator('#search-results');
      await expect
        .poll(() => results.textContent(), { timeout: 60_000 })
        .toMatch(
          /The token saved in this tab was refused \(it is forgotten now\); paste a valid one on the import page/,
        );
      expect(await page.evaluate(() => sessionStorage.getItem('scholarly-graph.token'))).toBeNull();

      // A valid token pasted on the import page, and the explorer reads with it.
      await page.goto(`${closed.url}/import`);
      await page.fill('#token', CURATOR_TOKEN);
      await page.click('#check-token');
      await expect.poll(() => page.locator('#token-state').textContent(), { timeout: 60_000 }).toBe('accepted');
      await page.goto(`${closed.url}/explore`);
      await page.locator('#search-input').fill('Bronchopulmonary');
      await expect
        .poll(() => page.locator('#search-results li[data-id]').count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
    } finally {
      await closed.stop();
    }
  }, 180_000);
});
