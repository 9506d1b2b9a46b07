/**
 * The comparison form of a printed phrase: Unicode-normalized (NFKC, so full-width forms match), lower-case,
 * whitespace collapsed, trailing punctuation dropped. Used wherever two printed forms must be recognized as
 * the same thing (author keys, keyword/topic matching, journal titles) without altering what is displayed.
 */
export function normalizeKeyText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.,;:。，；：]+$/u, '')
    .trim();
}
