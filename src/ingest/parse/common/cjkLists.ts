import type { SourceAuthor } from '../../model.ts';
import { authorFromInverted } from './personName.ts';
import { collapseSpace } from './values.ts';

const HAN = /\p{Script=Han}/u;

/**
 * The people of one author field of a Chinese database export: CNKI joins them with `;` (or, in
 * records from 2000 and before, with `,`), full-width separators included. A name written in Han
 * characters is kept whole as printed (which characters are the family name is not stated, so
 * nothing is split); a Latin name with a comma is "Family, Given".
 */
export function namesIn(value: string): Array<Pick<SourceAuthor, 'name' | 'family' | 'given'>> {
  const text = collapseSpace(value);
  const parts = /[;；]/.test(text)
    ? text.split(/[;；]/)
    : HAN.test(text) && /[,，]/.test(text)
      ? text.split(/[,，]/)
      : [text];
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (HAN.test(p) || !p.includes(',') ? { name: p } : authorFromInverted(p)));
}

/**
 * Keywords of a Chinese database export: `;`-separated (CNKI, full-width too); Wanfang's EndNote
 * export separates them with spaces (`参考文献管理 文献管理软件 Zotero`), which is read as separate
 * keywords only when the field has Han characters and no other separator.
 */
export function keywordsIn(value: string): string[] {
  const text = collapseSpace(value);
  const parts = /[;；]/.test(text) ? text.split(/[;；]/) : HAN.test(text) ? text.split(/[，,]\s*|\s+/) : [text];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Affiliations joined with `;` (CNKI prints a trailing `;`); CNKI's records of 2000 and before join `Unit!City` entries with `,`. */
export function affiliationsIn(value: string): string[] {
  const text = collapseSpace(value);
  return text
    .split(text.includes('!') && !/[;；]/.test(text) ? /,(?=[^,]*!)/ : /[;；]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** True when the text has Han characters (a Chinese title or journal name). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;

/**
 * The lines of a wrapped value joined: with a space between Latin words, with nothing where either
 * side is Chinese, Japanese or Korean text or full-width punctuation (CNKI wraps abstracts mid-sentence,
 * and a space inserted there is not in the text).
 */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = collapseSpace(raw);
    if (line === '') continue;
    if (out === '') out = line;
    else out += WIDE.test(out.slice(-1)) || WIDE.test(line[0]!) || /^[,.;:!?)\]]/.test(line) ? line : ` ${line}`;
  }
  return out;
}

/**
 * Puts the Latin-script names a Chinese database prints beside its authors' names (Wanfang: the
 * pinyin, one per author in byline order: EndNote `%H`, NoteExpress `{Translated Author}`) on those
 * authors, by position, whitespace collapsed. Only when there are exactly as many as authors: with
 * any other count the record does not say which name is whose, so none is kept (and the printed
 * names stand alone). A translated name the same as the printed one adds nothing and is left out.
 */
export function putTranslatedNames(authors: readonly SourceAuthor[], printed: readonly string[]): void {
  const names = printed.map(collapseSpace).filter((n) => n !== '');
  if (names.length !== authors.length) return;
  authors.forEach((author, i) => {
    const name = names[i]!;
    if (name !== author.name) author.translatedName = name;
  });
}
