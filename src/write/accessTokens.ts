import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The bearer tokens that may write (and, with READ_TOKENS_REQUIRED, read), each with the name that
 * provenance records as `importedBy`. Configured as `name:token` pairs: comma-separated in
 * WRITE_TOKENS, or one per line in WRITE_TOKENS_FILE (blank lines and lines starting with `#` are
 * ignored). A token may be stored hashed as `sha256:<64 hex digits>` (the SHA-256 of the token's
 * UTF-8 bytes, e.g. `printf %s "$TOKEN" | sha256sum`), so the file need not hold the secret itself.
 */
export class AccessTokens {
  private constructor(private readonly entries: ReadonlyArray<{ name: string; digest: Buffer }>) {}

  /** No token: every write is refused (FORBIDDEN) with a message saying how to configure one. */
  static none(): AccessTokens {
    return new AccessTokens([]);
  }

  /**
   * Parses `name:token` entries (already split into lines or comma-separated items). `where` names
   * the setting in error messages; the token itself never appears in one.
   */
  static parse(items: readonly string[], where: string): AccessTokens {
    const entries: Array<{ name: string; digest: Buffer }> = [];
    const names = new Set<string>();
    items.forEach((raw, i) => {
      const item = raw.trim();
      if (item === '' || item.startsWith('#')) return;
      const colon = item.indexOf(':');
      const name = colon > 0 ? item.slice(0, colon).trim() : '';
      const secret = colon > 0 ? item.slice(colon + 1).trim() : '';
      if (!name || !secret) throw new Error(`${where}, entry ${i + 1}: expected name:token (or name:sha256:<hex>)`);
      if (!/^[\w.@-]{1,64}$/.test(name))
        throw new Error(`${where}, entry ${i + 1}: the name must be 1-64 letters, digits, ".", "@", "_" or "-"`);
      if (names.has(name)) throw new Error(`${where}: the name "${name}" is given twice`);
      names.add(name);
      const hashed = /^sha256:([0-9a-fA-F]{64})$/.exec(secret);
      if (secret.startsWith('sha256:') && !hashed)
        throw new Error(`${where}, entry ${i + 1} (${name}): a hashed token is sha256: followed by 64 hex digits`);
      if (!hashed && secret.length < 16)
        throw new Error(`${where}, entry ${i + 1} (${name}): a token must be at least 16 characters`);
      entries.push({ name, digest: hashed ? Buffer.from(hashed[1]!, 'hex') : sha256(secret) });
    });
    return new AccessTokens(entries);
  }

  /** True when at least one token is configured (writes are possible). */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /**
   * The name of the token presented, or undefined. Compares SHA-256 digests with timingSafeEqual and
   * always checks every entry, so the time taken says nothing about how close a guess was or which
   * entry matched.
   */
  nameOf(token: string): string | undefined {
    const digest = sha256(token);
    let found: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.name;
    }
    return found;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
