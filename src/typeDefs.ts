import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The schema folder (SDL, one file per domain), found relative to this module, not the working directory. */
export const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

/** Reads every schema/*.graphql file, in name order, as one SDL document. */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}
