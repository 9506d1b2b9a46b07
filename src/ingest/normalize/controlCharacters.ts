/**
 * Control characters in record text. Tab and line feed are text (abstracts keep their paragraphs);
 * a carriage return becomes a line feed; every other C0 control (NUL, the escape and bell
 * characters a broken export leaves), DEL and the C1 controls (U+0080–U+009F, what Windows-1252
 * punctuation becomes when mislabelled as Latin-1) are removed. They mean nothing in a title or a
 * name, JSON exports would carry them (XML 1.0 cannot), and a NUL cut some clients' strings short.
 * Removed, not rejected: the record is otherwise sound, and what it says is kept.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROLS = /\r\n?|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The text without control characters other than tab and line feed (CR and CRLF become LF). */
export function removeControlCharacters(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, (c) => (c.startsWith('\r') ? '\n' : '')) : text;
}

/**
 * The value with removeControlCharacters applied to every string in it (objects and arrays copied
 * only where something changed). Records nest a few levels (authors, affiliations), so recursion is safe.
 */
export function withoutControlCharacters<T>(value: T): T {
  const clean = (node: unknown): unknown => {
    if (typeof node === 'string') return removeControlCharacters(node);
    if (node === null || typeof node !== 'object') return node;
    let copy: Record<string, unknown> | unknown[] | undefined;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      const cleaned = clean(child);
      if (cleaned !== child) {
        copy ??= Array.isArray(node) ? [...node] : { ...(node as Record<string, unknown>) };
        (copy as Record<string | number, unknown>)[key as string | number] = cleaned;
      }
    }
    return copy ?? node;
  };
  return clean(value) as T;
}
