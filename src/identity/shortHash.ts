import { createHash } from 'node:crypto';

/** First 16 hex chars of the SHA-1 of the text: a short, stable key for things records give no identifier for. */
export function shortHash(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 16);
}
