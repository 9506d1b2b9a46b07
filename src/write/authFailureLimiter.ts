/**
 * Counts failed authentications per client address and blocks an address that fails too often,
 * so tokens cannot be guessed at line speed. A fixed window per address: after `maxFailures` failures
 * within `windowMs` the address is refused (429 with Retry-After) until the window ends. Successful
 * requests do not reset it (a guesser holding one valid token gains nothing). Memory is bounded:
 * expired entries are dropped, and at most `maxAddresses` are tracked (the oldest go first).
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly options: { maxFailures: number; windowMs: number; maxAddresses?: number; now?: () => number } = { maxFailures: 10, windowMs: 15 * 60_000 },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Seconds until the address may try again, or 0 when it may try now. */
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

  /** Records one failed authentication of the address. */
  fail(address: string): void {
    const now = this.now();
    const entry = this.failures.get(address);
    if (entry && entry.resetAt > now) {
      entry.count += 1;
      return;
    }
    this.failures.delete(address);
    this.failures.set(address, { count: 1, resetAt: now + this.options.windowMs });
    const max = this.options.maxAddresses ?? 10_000;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }
}
