import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); no downloaded browsers. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium. CI (.ci/run installs it) always runs them; elsewhere they
 * are skipped, loudly, when it is missing, so `npm test` still passes on a machine without it.
 */
export const BROWSER_MISSING = !existsSync(CHROMIUM_PATH) && !process.env.CI;
if (BROWSER_MISSING) {
  console.warn(`Browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium, or run .ci/run).`);
}

/** Where screenshots and downloads of the browser tests go (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile that records (and blocks) any request leaving this machine. */
export type TestBrowser = {
  context: BrowserContext;
  page: Page;
  /** Every request URL the pages made, in order. */
  requests: string[];
  /** Requests to hosts other than localhost (blocked, and a test failure). */
  externalRequests: string[];
  /** Console errors and uncaught page errors (CSP violations show up here). */
  pageErrors: string[];
  close(): Promise<void>;
};

/** True for URLs that stay on this machine (or never hit the network). */
export function isLocalUrl(url: string): boolean {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
  } catch {
    return false;
  }
}

/** Launches Debian's Chromium through playwright-core with a fresh user-data-dir. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install -y chromium)`);
  }
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const userDataDir = await mkdtemp(join(tmpdir(), 'scholarly-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  const requests: string[] = [];
  const externalRequests: string[] = [];
  const pageErrors: string[] = [];
  const record = (request: Request): void => {
    requests.push(request.url());
    if (!isLocalUrl(request.url())) externalRequests.push(request.url());
  };
  context.on('request', record);
  await context.route(
    (url) => !isLocalUrl(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    requests,
    externalRequests,
    pageErrors,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a GraphQL operation to the server under test (as an API client would). */
export async function graphqlRequest<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const payload = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (payload.errors?.length || !payload.data) {
    throw new Error(
      `GraphQL error: ${payload.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`}`,
    );
  }
  return payload.data;
}

/** The seed article's DOI (first record of the seed corpus). */
export const SEED_DOI = '10.3760/cma.j.cn101070-20200616-01000';
