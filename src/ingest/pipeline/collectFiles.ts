import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordReader } from '../parse/RecordReader.ts';
import { extensionOf, READERS } from '../parse/formats.ts';
import { fileSource, type ImportSource } from './importSource.ts';

/** A file a folder holds that is not read, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** What the given paths hold: the files to read, in a stable order, and the files skipped with their reason. */
export interface CollectedFiles {
  files: ImportSource[];
  skipped: SkippedFile[];
}

/** A path given to the import that does not exist. */
export class RecordPathError extends Error {
  constructor(readonly path: string) {
    super(`record path not found: ${path}`);
    this.name = 'RecordPathError';
  }
}

/**
 * The name a file is recorded under (its sources' `file`): the path relative to `root` with forward
 * slashes when the file is inside it, else the absolute path. The same file loaded again from the
 * same working folder is thereby the same source, however its folder was named on the command line.
 */
export function recordName(file: string, root: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(path.resolve(root), absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : absolute).split(path.sep).join('/');
}

async function walk(
  dir: string,
  extensions: ReadonlySet<string>,
  out: { files: Array<{ path: string; size: number }>; skipped: SkippedFile[] },
): Promise<void> {
  // One directory handle at a time; entries sorted per folder so runs are stable.
  const entries: Array<{ name: string; dir: boolean; file: boolean }> = [];
  const handle = await opendir(dir);
  for await (const entry of handle) entries.push({ name: entry.name, dir: entry.isDirectory(), file: entry.isFile() });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      out.skipped.push({ path: full, reason: entry.dir ? 'hidden folder' : 'hidden file' });
    } else if (entry.dir) {
      await walk(full, extensions, out);
    } else if (!entry.file) {
      out.skipped.push({ path: full, reason: 'not a regular file' });
    } else {
      const extension = extensionOf(entry.name);
      if (extensions.has(extension)) out.files.push({ path: full, size: (await stat(full)).size });
      else {
        const known = [...extensions]
          .sort()
          .map((e) => `.${e}`)
          .join(', ');
        out.skipped.push({
          path: full,
          reason: `${extension ? `extension .${extension}` : 'no extension'} is not a record format here (folders are read for ${known}; name the file itself to have its content detected)`,
        });
      }
    }
  }
}

/**
 * Expands the paths given to an import: a file named directly is always read (its format detected
 * from its content); a folder is walked recursively in sorted order and its files with an extension
 * some reader knows are read, every other file is listed as skipped with the reason (never silently).
 * Only names are collected here; files are opened one at a time when read. Throws RecordPathError for
 * a path that does not exist.
 */
export async function collectFiles(
  paths: readonly string[],
  options: { readers?: readonly RecordReader[]; root?: string } = {},
): Promise<CollectedFiles> {
  const readers = options.readers ?? READERS;
  const root = options.root ?? process.cwd();
  const extensions = new Set(readers.flatMap((r) => r.extensions));
  const found: Array<{ path: string; size: number; explicit: boolean }> = [];
  const skipped: SkippedFile[] = [];
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new RecordPathError(p);
    }
    if (info.isDirectory()) {
      const out = { files: [] as Array<{ path: string; size: number }>, skipped };
      await walk(p, extensions, out);
      found.push(...out.files.map((f) => ({ ...f, explicit: false })));
    } else found.push({ path: p, size: info.size, explicit: true });
  }
  const seen = new Set<string>();
  const files: ImportSource[] = [];
  for (const f of found) {
    const name = recordName(f.path, root);
    if (seen.has(name)) continue;
    seen.add(name);
    files.push(fileSource({ path: f.path, name, explicit: f.explicit, size: f.size }));
  }
  return { files, skipped };
}
