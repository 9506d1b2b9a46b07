/**
 * The lookup form of a name, synonym, title or identifier: trimmed, whitespace collapsed,
 * lower-cased (Unicode-aware, so Chinese names pass through unchanged). Used both when aliases
 * are written and when users look things up, so the two always agree.
 */
export function aliasValue(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
