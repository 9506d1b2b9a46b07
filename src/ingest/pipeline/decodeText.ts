import type { RecordProblem } from '../model.ts';

/**
 * Record files are UTF-8 (a UTF-8 byte order mark is allowed). Anything else is refused with its
 * encoding named, never decoded into U+FFFD replacement characters that would then be stored as if
 * the record said them: UTF-16 (what Windows tools call "Unicode") by its byte order mark or its
 * zero bytes, other encodings (Latin-1, Windows-1252, GBK) by the first byte sequence that is not UTF-8.
 */
export class SourceEncodingError extends Error {
  readonly problem: RecordProblem;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'SourceEncodingError';
    this.problem = { file, line, field: '(encoding)', reason };
  }
}

/** Throws the named refusal of a file whose first bytes are UTF-16. */
function refuseUtf16(bytes: Uint8Array, file: string): void {
  const utf16 = utf16Kind(bytes);
  if (utf16)
    throw new SourceEncodingError(
      file,
      1,
      `the file is UTF-16 (${utf16}), not UTF-8; save it as UTF-8 and import it again`,
    );
}

/** UTF-16 by byte order mark, or by zero bytes in every other position of the first bytes (ASCII text saved as UTF-16). */
function utf16Kind(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian';
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'little-endian';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'big-endian';
  return undefined;
}

/**
 * Offset of the first byte of `bytes` that does not start or continue a valid UTF-8 sequence
 * (overlong forms, surrogates and values past U+10FFFF included), or -1. A sequence cut by the end
 * of `bytes` is valid here: the next chunk continues it.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      if (i + k >= bytes.length) return -1;
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 10) n += 1;
  return n;
}

/**
 * Decodes a file's bytes, chunk by chunk, as UTF-8 text (chunk boundaries may split a character),
 * throwing SourceEncodingError at the first sign that it is not UTF-8.
 */
export async function* decodeUtf8(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let first = true;
  let line = 1;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      refuseUtf16(chunk, file);
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      const at = Math.max(0, firstInvalidUtf8(chunk));
      const byte = chunk[at] ?? 0;
      throw new SourceEncodingError(file, line + countNewlines(chunk, at), notUtf8(byte));
    }
    line += countNewlines(chunk, chunk.length);
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new SourceEncodingError(
      file,
      line,
      'the file is not valid UTF-8 (it ends inside a character); save it as UTF-8 and import it again',
    );
  }
}

/** The text of a whole file held as bytes (an upload, a small file), checked like decodeUtf8. */
export function decodeUtf8Bytes(bytes: Uint8Array, file: string): string {
  refuseUtf16(bytes, file);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    if (at < 0)
      throw new SourceEncodingError(
        file,
        countNewlines(bytes, bytes.length) + 1,
        'the file is not valid UTF-8 (it ends inside a character); save it as UTF-8 and import it again',
      );
    throw new SourceEncodingError(file, 1 + countNewlines(bytes, at), notUtf8(bytes[at] ?? 0));
  }
}

function notUtf8(byte: number): string {
  return `the file is not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} here; Latin-1, Windows-1252 or another encoding?); save it as UTF-8 and import it again`;
}
