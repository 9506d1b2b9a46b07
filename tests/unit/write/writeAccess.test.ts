import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../../src/write/accessTokens.ts';
import { AuthFailureLimiter } from '../../../src/write/authFailureLimiter.ts';
import { loadWriteConfig } from '../../../src/write/writeConfig.ts';
import { SerialQueue } from '../../../src/write/SerialQueue.ts';

const TOKEN = 'a-long-enough-test-token-123456';
const hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('access tokens', () => {
  it('finds the name of a token given in clear or as its SHA-256, and nothing for other tokens', () => {
    const tokens = AccessTokens.parse(
      [`alice:${TOKEN}`, `bob:sha256:${hex('bobs-secret-token-abcdef')}`],
      'WRITE_TOKENS',
    );
    expect(tokens.enabled).toBe(true);
    expect(tokens.nameOf(TOKEN)).toBe('alice');
    expect(tokens.nameOf('bobs-secret-token-abcdef')).toBe('bob');
    expect(tokens.nameOf(`sha256:${hex('bobs-secret-token-abcdef')}`)).toBeUndefined();
    expect(tokens.nameOf(`${TOKEN}x`)).toBeUndefined();
    expect(tokens.nameOf('')).toBeUndefined();
    expect(AccessTokens.none().enabled).toBe(false);
    expect(AccessTokens.none().nameOf(TOKEN)).toBeUndefined();
  });

  it('refuses malformed entries naming the setting and entry, never the token', () => {
    const attempt = (items: string[]) => {
      try {
        AccessTokens.parse(items, 'WRITE_TOKENS');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(attempt(['no-colon-here-at-all-123456'])).toMatch(/WRITE_TOKENS, entry 1: expected name:token/);
    expect(attempt(['alice:short'])).toMatch(/at least 16 characters/);
    expect(attempt(['alice:sha256:abc'])).toMatch(/64 hex digits/);
    expect(attempt([`alice:${TOKEN}`, `alice:${TOKEN}1`])).toMatch(/given twice/);
    expect(attempt([`al ice:${TOKEN}`])).toMatch(/the name must be/);
    for (const message of [attempt(['alice:short']), attempt([`alice:${TOKEN}`, `alice:${TOKEN}1`])])
      expect(message).not.toContain('short');
  });

  it('reads WRITE_TOKENS and WRITE_TOKENS_FILE (comments and blank lines ignored), and validates the other settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tokens-'));
    try {
      const file = path.join(dir, 'tokens');
      writeFileSync(file, `# curators\n\ncarol:sha256:${hex('carols-token-0123456789')}\n`);
      const config = loadWriteConfig({
        WRITE_TOKENS: `alice:${TOKEN}`,
        WRITE_TOKENS_FILE: file,
        READ_TOKENS_REQUIRED: 'true',
        UPLOAD_MAX_BYTES: '1000',
        CORS_ORIGINS: 'https://a.example.org, http://localhost:3000',
      });
      expect(config.tokens.nameOf(TOKEN)).toBe('alice');
      expect(config.tokens.nameOf('carols-token-0123456789')).toBe('carol');
      expect(config).toMatchObject({
        readTokensRequired: true,
        uploadMaxBytes: 1000,
        corsOrigins: ['https://a.example.org', 'http://localhost:3000'],
      });
      expect(() => loadWriteConfig({ WRITE_TOKENS_FILE: path.join(dir, 'missing') })).toThrow(
        /WRITE_TOKENS_FILE: cannot read/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadWriteConfig({}).tokens.enabled).toBe(false);
    expect(() => loadWriteConfig({ READ_TOKENS_REQUIRED: 'true' })).toThrow(/needs WRITE_TOKENS/);
    expect(() => loadWriteConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadWriteConfig({ CORS_ORIGINS: 'https://a.example.org/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadWriteConfig({ UPLOAD_MAX_BYTES: '-1' })).toThrow(/UPLOAD_MAX_BYTES/);
  });
});

describe('failed-authentication limiter', () => {
  it('blocks an address after the allowed failures until its window ends, others unaffected', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 2; i += 1) limiter.fail('10.0.0.1');
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
    limiter.fail('10.0.0.1');
    now = 15_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(45);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    now = 60_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('counts a guess once per window: the same wrong token again is not a new guess, a different one is', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 20; i += 1) expect(limiter.fail('10.0.0.1', 'stale').counted).toBe(i === 0);
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
    expect(limiter.fail('10.0.0.1', 'guess-2')).toMatchObject({
      counted: true,
      failures: 2,
      lockedNow: false,
      retryAfterSeconds: 0,
    });
    expect(limiter.fail('10.0.0.1', 'guess-3')).toMatchObject({
      counted: true,
      failures: 3,
      lockedNow: true,
      retryAfterSeconds: 60,
    });
    // Locked: further guesses are refused without being counted (nor logged) again.
    expect(limiter.fail('10.0.0.1', 'guess-4')).toMatchObject({
      counted: false,
      lockedNow: false,
      retryAfterSeconds: 60,
    });
    // The same guess from another address is that address's own.
    expect(limiter.fail('10.0.0.2', 'stale')).toMatchObject({ counted: true, failures: 1 });
    now = 60_000;
    expect(limiter.fail('10.0.0.1', 'stale')).toMatchObject({ counted: true, failures: 1 });
  });

  it('keeps at most maxAddresses entries', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowMs: 60_000, maxAddresses: 2 });
    for (const address of ['a', 'b', 'c']) limiter.fail(address);
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});

describe('serial queue', () => {
  it('runs tasks one at a time in order, and a failed task does not stop the next', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.add(task('a')), queue.add(task('b', true)), queue.add(task('c'))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(queue.waiting).toBe(0);
  });
});
