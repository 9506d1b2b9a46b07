/** What recording one failed authentication did. */
export interface FailureOutcome {
  /** A new guess from this address (a token it had not failed with in this window), counted. */
  counted: boolean;
  /** Distinct failed guesses of the address in this window. */
  failures: number;
  /** This failure used up the address's budget: from now until the window ends it is refused. */
  lockedNow: boolean;
  /** Seconds until the address may guess again (0: it may now). */
  retryAfterSeconds: number;
}

/**
 * Counts failed authentications and refuses the guesser who fails too often, so tokens cannot be
 * guessed at line speed. Keyed by what the guesser controls: the address AND the guess itself. A
 * fixed window per address: after `maxFailures` DIFFERENT wrong tokens within `windowMs` the address
 * gets 429 with Retry-After for any further wrong token until the window ends. The same wrong token
 * sent again (a stale token kept by a browser tab, a script retrying) is one guess, not many: it
 * cannot bring anyone closer to a valid token, and counting it would lock out whoever shares the
 * address with that tab.
 *
 * A VALID token is never refused, whatever its address did (see authenticate): behind a NAT or
 * proxy many people share one address, and refusing valid tokens would let ten wrong guesses lock
 * every writer there out. What stops guessing is the tokens' size (at least 16 characters, checked
 * at start; random ones of 32 are advised), which no rate of guessing gets through; the limiter
 * keeps guessers slow, visible (each counted failure is logged) and cheap to serve.
 *
 * Memory is bounded: expired entries are dropped, at most `maxAddresses` addresses are tracked (the
 * oldest go first) and at most `maxFailures` guesses are remembered per address.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number; guesses: Set<string> }>();

  constructor(
    private readonly options: { maxFailures: number; windowMs: number; maxAddresses?: number; now?: () => number } = {
      maxFailures: 10,
      windowMs: 15 * 60_000,
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Seconds until the address may guess again, or 0 when it may guess now. */
  retryAfterSeconds(address: string): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    const now = this.now();
    if (entry.resetAt <= now) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.options.maxFailures ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /**
   * Records one failed authentication of the address. `guess` identifies what was presented (a
   * digest of it, never the token): a guess already counted in this window is not counted again.
   */
  fail(address: string, guess?: string): FailureOutcome {
    const now = this.now();
    let entry = this.failures.get(address);
    if (entry && entry.resetAt <= now) {
      this.failures.delete(address);
      entry = undefined;
    }
    if (!entry) {
      entry = { count: 0, resetAt: now + this.options.windowMs, guesses: new Set() };
      this.failures.set(address, entry);
      const max = this.options.maxAddresses ?? 10_000;
      while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
    }
    const wasLocked = entry.count >= this.options.maxFailures;
    const counted = guess === undefined || !entry.guesses.has(guess);
    if (counted && !wasLocked) {
      entry.count += 1;
      if (guess !== undefined) entry.guesses.add(guess);
    }
    const locked = entry.count >= this.options.maxFailures;
    return {
      counted: counted && !wasLocked,
      failures: entry.count,
      lockedNow: locked && !wasLocked,
      retryAfterSeconds: locked ? Math.ceil((entry.resetAt - now) / 1000) : 0,
    };
  }
}
