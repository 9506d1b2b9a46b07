import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { textChunks } from "../parse/common/LineSplitter.ts";

/**
 * One file (or upload) to import. `open` can be called again for the second pass: the pipeline reads
 * every input twice (check, then load) and never holds a whole file.
 */
export interface ImportSource {
  /** The name recorded as the sources' file: a path relative to the working folder, or an upload's file name. */
  name: string;
  /** Named by the user (not found in a folder): always read, whatever its extension. */
  explicit: boolean;
  /** Size in bytes, when known (progress). */
  size?: number;
  /** The text, chunk by chunk (UTF-8 decoded, chunk boundaries never split a character). */
  open(): AsyncIterable<string>;
  /** For a small source: its whole text in one call, so a reader can fetch it ahead of use. */
  load?(): Promise<string>;
}

/** Files up to this size are read in one call: far fewer system calls for folders of small record files. */
const READ_WHOLE_BYTES = 256 * 1024;

/** A file on disk: read whole when small, else streamed in 64 KB chunks; one open file at a time either way. */
export function fileSource(options: { path: string; name: string; explicit: boolean; size?: number }): ImportSource {
  const small = options.size !== undefined && options.size <= READ_WHOLE_BYTES;
  const source: ImportSource = {
    name: options.name,
    explicit: options.explicit,
    open: small
      ? async function* () {
          yield await readFile(options.path, "utf8");
        }
      : () => createReadStream(options.path, { encoding: "utf8", highWaterMark: 64 * 1024 }) as AsyncIterable<string>,
  };
  if (small) source.load = () => readFile(options.path, "utf8");
  if (options.size !== undefined) source.size = options.size;
  return source;
}

/** Content already in memory (an API upload, a test), under the given file name. */
export function contentSource(name: string, content: string): ImportSource {
  return { name, explicit: true, size: Buffer.byteLength(content, "utf8"), open: () => textChunks(content) };
}
