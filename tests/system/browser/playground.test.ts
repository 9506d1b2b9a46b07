import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/startTestServer.ts';
import {
  ARTIFACTS_DIR,
  graphqlRequest,
  launchBrowser,
  SEED_DOI,
  type TestBrowser,
  BROWSER_MISSING,
} from './browser.ts';

describe.skipIf(BROWSER_MISSING)('GraphQL playground in a real browser', () => {
  let server: { url: string; stop(): Promise<void> };
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves GraphiQL at /graphql to a browser, offline, and runs the seed article example', async () => {
    const { page } = browser;
    const response = await page.goto(`${server.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);

    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor();

    // The example operations are there as tabs, the first one (seed article) open.
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('.graphiql-tabs').innerText()).toContain('SeedArticle');

    await page.locator('.graphiql-execute-button').click();
    const responsePane = page.locator('.graphiql-response');
    await expect.poll(() => responsePane.innerText(), { timeout: 30_000 }).toContain('authorships');
    const text = await responsePane.innerText();
    expect(text).toContain('Study progress of exosomes');
    expect(text).not.toContain('"errors"');

    // Schema docs work (introspection over the same endpoint).
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await expect
      .poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 15_000 })
      .toMatch(/query:\s*Query/i);

    await page.screenshot({ path: join(ARTIFACTS_DIR, 'playground.png') });

    expect(browser.externalRequests).toEqual([]);
    expect(browser.requests.some((url) => url.endsWith('/assets/playground.js'))).toBe(true);
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('opens cleanly on a second visit: the same tabs, no duplicate, variables kept, the example runs', async () => {
    const { page } = browser;
    const storedTabs = () =>
      page.evaluate(() => {
        const raw = window.localStorage.getItem('graphiql:tabState');
        return raw
          ? (JSON.parse(raw) as { activeTabIndex: number; tabs: { title: string; variables: string | null }[] })
          : null;
      });
    // The first visit (previous test) left its tabs in localStorage once GraphiQL saved them.
    await expect
      .poll(async () => (await storedTabs())?.tabs.length ?? 0, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(7);
    const before = (await storedTabs())!;

    for (const visit of [2, 3]) {
      await page.goto(`${server.url}/playground`);
      await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 15_000 }).toBe(before.tabs.length);
      await new Promise((resolve) => setTimeout(resolve, 800)); // GraphiQL saves tabs 500 ms after a change
      const after = (await storedTabs())!;
      expect(
        after.tabs.map((tab) => tab.title),
        `visit ${visit}`,
      ).toEqual(before.tabs.map((tab) => tab.title));
      expect(new Set(after.tabs.map((tab) => tab.title)).size).toBe(after.tabs.length);
    }
    // Every example that has variables still has them, and the open one runs without an error.
    const tabs = (await storedTabs())!.tabs;
    for (const tab of tabs.filter((t) => t.title !== 'Stats')) expect(tab.variables, tab.title).toMatch(/\S/);
    await page.locator('.graphiql-execute-button').click();
    const responsePane = page.locator('.graphiql-response');
    await expect.poll(() => responsePane.innerText(), { timeout: 30_000 }).toContain('"data"');
    expect(await responsePane.innerText()).not.toContain('"errors"');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'playground-second-visit.png') });
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('keeps answering API clients at /graphql with GraphQL JSON', async () => {
    const data = await graphqlRequest<{ article: { doi: string } | null }>(
      server.url,
      'query ($doi: String!) { article(doi: $doi) { doi } }',
      { doi: SEED_DOI },
    );
    expect(data.article?.doi?.toLowerCase()).toBe(SEED_DOI);
    const html = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  it('serves the same page at /playground and links it from /', async () => {
    const page = await fetch(`${server.url}/playground`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/assets/playground.js');
    const home = await (await fetch(`${server.url}/`)).text();
    expect(home).toContain('href="/playground"');
    expect(home).toContain('href="/explore"');
    await browser.page.goto(`${server.url}/`);
    await browser.page.screenshot({ path: join(ARTIFACTS_DIR, 'home.png'), fullPage: true });
    expect(browser.externalRequests).toEqual([]);
  });
});
