import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Record files under a folder: `*.txt`, recursively, in sorted path order (stable seed runs). */
async function listTxtFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTxtFiles(full)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".txt")) out.push(full);
  }
  return out;
}

/**
 * The I/O edge of the seed pipeline: reads the record files named by `paths` (files as given, folders
 * expanded recursively to their `*.txt` files in sorted order), keeping each path in the form it was given
 * so errors point at it. Fails with a clear message for a path that does not exist.
 */
export async function readRecordFiles(paths: string[]): Promise<{ file: string; text: string }[]> {
  const files: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (cause) {
      throw new Error(`record path not found: ${p}`, { cause });
    }
    if (info.isDirectory()) files.push(...(await listTxtFiles(p)));
    else files.push(p);
  }
  const unique = [...new Set(files)];
  return Promise.all(unique.map(async (file) => ({ file, text: await readFile(file, "utf8") })));
}
