/** One physical line of a record file after whitespace clean-up, with its 1-based line number. */
export interface SourceLine {
  line: number;
  text: string;
}

/**
 * One line with its whitespace cleaned up. WPRIM scrapes are full of tabs, non-breaking spaces
 * (U+00A0), other Unicode spaces and BOMs; none of that carries meaning, so the line is trimmed and
 * inner whitespace runs are collapsed to one space.
 */
export function cleanLine(raw: string): string {
  return raw.replace(/[\s\u00A0\u2000-\u200B\u3000\uFEFF]+/g, ' ').trim();
}

/**
 * Splits a whole text into cleaned lines (CRLF/CR line ends, a leading BOM). Blank lines are kept
 * (as "") so that line numbers stay true to the file.
 */
export function splitLines(text: string): SourceLine[] {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return withoutBom.split(/\r\n|\r|\n/).map((raw, index) => ({ line: index + 1, text: cleanLine(raw) }));
}
