import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repository-relative path of the seed record (as the seed CLI would pass it). */
export const SEED_FILE = 'seed/records/000_070daa3f198e0cee.txt';

/** Reads a repository file by its repository-relative path. */
export function readRepoFile(relative: string): string {
  return readFileSync(fileURLToPath(new URL(`../../${relative}`, import.meta.url)), 'utf8');
}

/** Absolute path of a repository-relative path (for I/O tests only). */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}
