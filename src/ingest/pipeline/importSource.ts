import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { textChunks } from '../parse/common/LineSplitter.ts';
import { decodeUtf8, decodeUtf8Bytes } from './decodeText.ts';

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
  /**
   * The text, chunk by chunk (UTF-8 decoded, chunk boundaries never split a character); throws
   * SourceEncodingError, naming the encoding, for bytes that are not UTF-8.
   */
  open(): AsyncIterable<string>;
  /** For a small source: its whole text in one call, so a reader can fetch it ahead of use. */
  load?(): Promise<string>;
}

/** Files up to this size are read in one call: far fewer system calls for folders of small record files. */
const READ_WHOLE_BYTES = 256 * 1024;

/** A file on disk: read whole when small, else streamed in 64 KB chunks; one open file at a time either way. Decoded as UTF-8, strictly (see decodeText). */
export function fileSource(options: { path: string; name: string; explicit: boolean; size?: number }): ImportSource {
  const small = options.size !== undefined && options.size <= READ_WHOLE_BYTES;
  const source: ImportSource = {
    name: options.name,
    explicit: options.explicit,
    open: small
      ? async function* () {
          yield decodeUtf8Bytes(await readFile(options.path), options.name);
        }
      : () =>
          decodeUtf8(
            createReadStream(options.path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>,
            options.name,
          ),
  };
  if (small) source.load = async () => decodeUtf8Bytes(await readFile(options.path), options.name);
  if (options.size !== undefined) source.size = options.size;
  return source;
}

/** Content already in memory (an API upload, a test), under the given file name. */
export function contentSource(name: string, content: string): ImportSource {
  return { name, explicit: true, size: Buffer.byteLength(content, 'utf8'), open: () => textChunks(content) };
}

/** An uploaded file's bytes, decoded as UTF-8 (strictly, see decodeText) when read. */
export function bytesSource(name: string, bytes: Uint8Array): ImportSource {
  return {
    name,
    explicit: true,
    size: bytes.length,
    open: async function* () {
      yield* textChunks(decodeUtf8Bytes(bytes, name));
    },
  };
}
