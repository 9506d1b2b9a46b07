import { decodeHTML } from 'entities';

/** Elements that end a block of text (paragraphs, headings, sections, list items) in JATS and HTML. */
const BLOCK_TAG =
  /<\/?(?:[a-z]+:)?(?:p|sec|title|list-item|list|br|div|abstract|trans-abstract|label|h[1-6]|li|ul|ol)(?:\s[^<>]*)?\/?>/gi;
/** Any other tag (inline markup such as <i>, <sup>, <jats:italic>, <mml:math>): removed, its text kept. */
const ANY_TAG = /<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>/g;

/**
 * The text of a value that carries inline markup: Crossref titles (`<i>Lactobacillus</i>`) and JATS
 * abstracts (`<jats:p>`, `<jats:sec>`, `<jats:title>`). Tags are removed and their text kept, block
 * elements become line breaks, HTML and XML entities are decoded (`&amp;`, `&lt;`, `&nbsp;`,
 * `&#233;`). A `<` that does not start a tag (`p < 0.05`) is text. A leading heading that only says
 * "Abstract" is a label, not content, and is dropped.
 */
export function markupToText(marked: string): string {
  const withBreaks = marked.replace(BLOCK_TAG, '\n').replace(ANY_TAG, '');
  const lines = decodeHTML(withBreaks)
    .split('\n')
    .map((l) => l.replace(/[\s\u00A0]+/g, ' ').trim())
    .filter((l) => l !== '');
  if (lines.length > 1 && /^abstract[.:]?$/i.test(lines[0] ?? '')) lines.shift();
  return lines.join('\n');
}

/** True when the value contains something that looks like markup or an entity (so plain text is left alone). */
export function hasMarkup(text: string): boolean {
  return /<\/?[A-Za-z]|&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i.test(text);
}
