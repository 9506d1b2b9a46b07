/**
 * Builds Lucene query strings from what users type, so full-text search never fails on (or is
 * steered by) Lucene syntax in the input. Pure functions.
 */

const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** Escapes every Lucene special character. */
export function escapeLucene(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

// Han, Hiragana, Katakana, Hangul: the standard analyzer indexes these one character at a time.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function tokens(text: string): string[] {
  const out: string[] = [];
  for (const word of text.normalize('NFKC').toLowerCase().split(/[\s,;.，；。、]+/)) {
    if (!word) continue;
    // Split CJK runs into single characters, as the index does.
    let latin = '';
    for (const ch of word) {
      if (CJK.test(ch)) {
        if (latin) out.push(latin);
        latin = '';
        out.push(ch);
      } else latin += ch;
    }
    if (latin) out.push(latin);
  }
  return out;
}

/** The words of a search text as the index sees them (CJK one character each), before escaping: what the input limits count. */
export function searchWords(text: string): string[] {
  return tokens(text).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The escaped tokens that hold at least one letter or digit (punctuation alone matches nothing). */
function meaningfulTokens(text: string): string[] {
  return tokens(text)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map(escapeLucene);
}

/** A ranked any-word query: every word is optional, more matching words rank higher. Null when nothing is left to search. */
export function searchQuery(text: string): string | null {
  const words = meaningfulTokens(text);
  if (words.length === 0) return null;
  const phrase = `"${words.join(' ')}"`;
  // The whole phrase boosted, plus each word: exact phrases first, partial matches after.
  return words.length > 1 ? `${phrase}^3 ${words.join(' ')}` : words[0]!;
}

/** A prefix query: every word typed is required, the last one as a prefix. Null when nothing is left. */
export function prefixQuery(text: string): string | null {
  const words = meaningfulTokens(text);
  if (words.length === 0) return null;
  const last = words.pop()!;
  return [...words.map((w) => `+${w}`), `+${last}*`].join(' ');
}
