import { readFileSync } from 'node:fs';
import { AccessTokens } from './accessTokens.ts';
import { DEFAULT_IMPORT_QUEUE_MAX_BYTES } from './WriteService.ts';

/** What the write path is configured with (see docs/operations.md, "Tokens"). */
export interface WriteConfig {
  tokens: AccessTokens;
  /** Require a valid token for reads too (READ_TOKENS_REQUIRED=true). */
  readTokensRequired: boolean;
  /** Largest upload, all files of one request together, in bytes (UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
  /** Content the imports waiting or running may hold together, in bytes (IMPORT_QUEUE_MAX_BYTES). */
  importQueueMaxBytes: number;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated); none: CORS stays off. */
  corsOrigins: readonly string[];
}

/** Default upload limit: 50 MB, far above a reference-manager export, far below what hurts a 2 GB service. */
export const DEFAULT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;

/** The defaults when nothing is configured: no tokens (writes refused), open reads, 50 MB uploads, no CORS. */
export const DEFAULT_WRITE_CONFIG: WriteConfig = {
  tokens: AccessTokens.none(),
  readTokensRequired: false,
  uploadMaxBytes: DEFAULT_UPLOAD_MAX_BYTES,
  importQueueMaxBytes: DEFAULT_IMPORT_QUEUE_MAX_BYTES,
  corsOrigins: [],
};

/**
 * Reads WRITE_TOKENS, WRITE_TOKENS_FILE, READ_TOKENS_REQUIRED, UPLOAD_MAX_BYTES, IMPORT_QUEUE_MAX_BYTES and CORS_ORIGINS.
 * A bad value throws naming the variable (never quoting a token).
 */
export function loadWriteConfig(env: NodeJS.ProcessEnv = process.env): WriteConfig {
  const items: Array<{ items: string[]; where: string }> = [];
  if (env.WRITE_TOKENS) items.push({ items: env.WRITE_TOKENS.split(','), where: 'WRITE_TOKENS' });
  if (env.WRITE_TOKENS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.WRITE_TOKENS_FILE, 'utf8');
    } catch (error) {
      throw new Error(`WRITE_TOKENS_FILE: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    items.push({ items: text.split(/\r?\n/), where: 'WRITE_TOKENS_FILE' });
  }
  const tokens =
    items.length === 0
      ? AccessTokens.none()
      : AccessTokens.parse(
          items.flatMap((i) => i.items),
          items.map((i) => i.where).join(' + '),
        );
  const readRequired = env.READ_TOKENS_REQUIRED ?? 'false';
  if (!['true', 'false'].includes(readRequired)) throw new Error('READ_TOKENS_REQUIRED: must be true or false');
  if (readRequired === 'true' && !tokens.enabled)
    throw new Error('READ_TOKENS_REQUIRED=true needs WRITE_TOKENS or WRITE_TOKENS_FILE (no token could read)');
  const uploadMaxBytes = env.UPLOAD_MAX_BYTES ? Number(env.UPLOAD_MAX_BYTES) : DEFAULT_UPLOAD_MAX_BYTES;
  if (!Number.isInteger(uploadMaxBytes) || uploadMaxBytes < 1)
    throw new Error('UPLOAD_MAX_BYTES: must be a positive whole number of bytes');
  // By default room for at least one largest upload, however large UPLOAD_MAX_BYTES is set.
  const importQueueMaxBytes = env.IMPORT_QUEUE_MAX_BYTES
    ? Number(env.IMPORT_QUEUE_MAX_BYTES)
    : Math.max(DEFAULT_IMPORT_QUEUE_MAX_BYTES, uploadMaxBytes);
  if (!Number.isInteger(importQueueMaxBytes) || importQueueMaxBytes < uploadMaxBytes)
    throw new Error('IMPORT_QUEUE_MAX_BYTES: must be a whole number of bytes, at least UPLOAD_MAX_BYTES');
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (origin === '*' || !parsed || parsed.origin !== origin)
      throw new Error(`CORS_ORIGINS: "${origin}" is not an explicit origin like https://example.org (no "*", no path)`);
  }
  return { tokens, readTokensRequired: readRequired === 'true', uploadMaxBytes, importQueueMaxBytes, corsOrigins };
}
