import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import { Database } from '../../src/db/index.ts';
import { createLogger } from '../../src/logger.ts';
import { AccessTokens } from '../../src/write/accessTokens.ts';
import { AuthFailureLimiter } from '../../src/write/authFailureLimiter.ts';
import { DEFAULT_WRITE_CONFIG, type WriteConfig } from '../../src/write/writeConfig.ts';
import { openTestDatabase, resetAndSeed } from '../helpers/testDatabase.ts';
import { CURATOR_TOKEN, logCapture, postGraphql } from '../helpers/writeClient.ts';

/**
 * Tokens over HTTP: failed authentications are logged (never the token) and limited per address
 * and guess, a valid token is never refused because others guessed wrong from its address, and
 * with READ_TOKENS_REQUIRED no page shows graph data (nor queries the database) without one.
 */

const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };
const STATS = '{ stats { articles } }';
const tokens = AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test tokens');

let db: Database;
/** Statements sent to Neo4j by the servers below (every request's Database copy shares the option). */
let statements = 0;
const servers: Array<() => Promise<void>> = [];

async function serve(options: {
  write: WriteConfig;
  limiter?: AuthFailureLimiter;
  log?: ReturnType<typeof logCapture>;
}): Promise<{ url: string; handle: ServerHandle }> {
  const counted = new Database(db.driver, {
    database: undefined,
    timeoutMs: 60_000,
    onStatement: () => (statements += 1),
  });
  const handle = await createServer({
    db: counted,
    write: options.write,
    ...(options.log ? { logger: createLogger('info', options.log.stream) } : {}),
    ...(options.limiter ? { authFailureLimiter: options.limiter } : {}),
  });
  const http = createHttpServer(handle.app);
  const port = await listen(http, 0, '127.0.0.1');
  servers.push(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await handle.stop();
  });
  return { url: `http://127.0.0.1:${port}`, handle };
}

beforeAll(async () => {
  db = openTestDatabase();
  await resetAndSeed(db);
});

afterAll(async () => {
  for (const stop of servers) await stop();
  await db?.driver.close();
});

describe('failed authentications', () => {
  it('are logged with address and time, never the token; repeating one wrong token is one guess', async () => {
    const log = logCapture();
    const { url } = await serve({
      write: { ...DEFAULT_WRITE_CONFIG, tokens },
      limiter: new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000 }),
      log,
    });
    const stale = 'stale-token-kept-by-a-tab-0123456789';
    // A stale token sent again and again (an open tab) is refused each time, but counts once.
    for (let i = 0; i < 6; i += 1)
      expect((await postGraphql(url, STATS, {}, { authorization: `Bearer ${stale}` })).status).toBe(401);
    expect((await postGraphql(url, STATS, {}, { authorization: 'Bearer second-wrong-guess-0123456789' })).status).toBe(
      401,
    );
    expect((await postGraphql(url, STATS, {}, { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(429);

    const failures = log.lines
      .map((line) => JSON.parse(line) as { time?: number; authFailure?: Record<string, unknown>; msg: string })
      .filter((l) => l.authFailure);
    // Three counted failures (the stale token once), then one line saying the address is locked out.
    expect(failures.filter((l) => l.authFailure!.reason).map((l) => l.authFailure!.reason)).toEqual([
      'invalid token',
      'invalid token',
      'malformed Authorization header',
    ]);
    expect(failures.some((l) => typeof l.authFailure!.lockedForSeconds === 'number')).toBe(true);
    for (const line of failures) {
      expect(line.authFailure!.address).toMatch(/127\.0\.0\.1/);
      expect(typeof line.time).toBe('number');
    }
    const all = log.lines.join('\n');
    expect(all).not.toContain(stale);
    expect(all).not.toContain('second-wrong-guess');
    expect(all).not.toContain('dXNlcjpwYXNz');
    expect(all).not.toContain(CURATOR_TOKEN);
  });

  it('never refuse a valid token because others guessed wrong from the same address', async () => {
    const { url } = await serve({
      write: { ...DEFAULT_WRITE_CONFIG, tokens },
      limiter: new AuthFailureLimiter({ maxFailures: 10, windowMs: 15 * 60_000 }),
    });
    // Ten different wrong guesses from this address (a campus NAT): the address is locked out...
    for (let i = 0; i < 10; i += 1)
      await postGraphql(url, STATS, {}, { authorization: `Bearer wrong-guess-number-${i}-abcdef` });
    const guess = await postGraphql(url, STATS, {}, { authorization: 'Bearer yet-another-wrong-guess-abcdef' });
    expect(guess.status).toBe(429);
    expect(Number(guess.headers.get('retry-after'))).toBeGreaterThan(800);
    // ...for wrong tokens only: a writer behind the same address still reads and writes.
    const read = await postGraphql<{ stats: { articles: number } }>(url, STATS, {}, auth);
    expect(read.status).toBe(200);
    expect(read.body.data!.stats.articles).toBe(1);
    const write = await postGraphql<{ importRecords: { dryRun: boolean; records: number } }>(
      url,
      'mutation($input: ImportInput!) { importRecords(input: $input) { dryRun records } }',
      {
        input: {
          content: 'TY  - JOUR\nTI  - [TEST] A token behind a NAT\nPY  - 2021\nDO  - 10.9999/nat.1\nER  - \n',
          fileName: 'nat.ris',
          dryRun: true,
        },
      },
      auth,
    );
    expect(write.status).toBe(200);
    expect(write.body.data!.importRecords).toEqual({ dryRun: true, records: 1 });
    // And without any token, reads stay open (READ_TOKENS_REQUIRED is off).
    expect((await postGraphql(url, STATS)).status).toBe(200);
  });
});

describe('READ_TOKENS_REQUIRED=true', () => {
  let url: string;
  beforeAll(async () => {
    ({ url } = await serve({ write: { ...DEFAULT_WRITE_CONFIG, tokens, readTokensRequired: true } }));
  });

  it('shows no graph data on the home page and the explorer without a token, and queries nothing for them', async () => {
    const [seed] = await db.read<{ title: string }>('MATCH (a:Article) RETURN a.title AS title LIMIT 1');
    const before = statements;
    for (const path of ['/', '/explore', '/import', '/playground']) {
      const page = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toContain(seed!.title);
      expect(html).not.toMatch(/<b>\d+<\/b> articles/);
      expect(html).not.toMatch(/"suggestions":\[\{/);
    }
    expect(statements - before).toBe(0);
    const explorer = await (await fetch(`${url}/explore`)).text();
    expect(explorer).toContain('"readTokensRequired":true');
    expect(await (await fetch(`${url}/`)).text()).toMatch(/Reading this graph needs a token/);
  });

  it('refuses every endpoint that shows graph data without a token, and answers with one', async () => {
    for (const path of [
      '/export/topic?name=NEC',
      '/export/neighborhood?id=x',
      '/graphql?query=%7Bstats%7Barticles%7D%7D',
    ]) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(401);
    }
    expect((await postGraphql(url, STATS)).status).toBe(401);
    expect((await postGraphql(url, STATS, {}, auth)).status).toBe(200);
  });

  it('without READ_TOKENS_REQUIRED the home page shows the live counts and the explorer its suggestions', async () => {
    const open = await serve({ write: { ...DEFAULT_WRITE_CONFIG, tokens } });
    const before = statements;
    const html = await (await fetch(`${open.url}/`)).text();
    expect(html).toMatch(/<b>1<\/b> articles/);
    // The counter sees what a page queries (so the zero above is a real zero).
    expect(statements).toBeGreaterThan(before);
    const explorer = await (await fetch(`${open.url}/explore`)).text();
    expect(explorer).toContain('"readTokensRequired":false');
    expect(explorer).toMatch(/"suggestions":\[\{/);
  });
});
