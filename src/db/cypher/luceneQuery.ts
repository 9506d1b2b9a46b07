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

/**
 * A unit of a search text: a word, or a run of CJK characters. A CJK run is searched as a phrase of
 * its characters (the index holds one token per character, so the phrase finds them side by side):
 * searched one character at a time, `黄芪多糖` (astragalus polysaccharide) would also find every
 * record with `黄瓜` (cucumber) or `多` (many) in it.
 */
interface Unit {
  tokens: string[];
  cjk: boolean;
}

function units(text: string): Unit[] {
  const out: Unit[] = [];
  for (const word of text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s,;.，；。、]+/)) {
    if (!word) continue;
    let latin = '';
    let run: string[] = [];
    const flushLatin = () => {
      if (latin) out.push({ tokens: [latin], cjk: false });
      latin = '';
    };
    const flushRun = () => {
      if (run.length > 0) out.push({ tokens: run, cjk: true });
      run = [];
    };
    for (const ch of word) {
      if (CJK.test(ch)) {
        flushLatin();
        run.push(ch);
      } else {
        flushRun();
        latin += ch;
      }
    }
    flushLatin();
    flushRun();
  }
  return out;
}

/** The words of a search text as the index sees them (CJK one character each), before escaping: what the input limits count. */
export function searchWords(text: string): string[] {
  return units(text)
    .flatMap((unit) => unit.tokens)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The units that hold at least one letter or digit (punctuation alone matches nothing), tokens escaped. */
function meaningfulUnits(text: string): Unit[] {
  return units(text)
    .filter((unit) => unit.tokens.some((token) => /[\p{L}\p{N}]/u.test(token)))
    .map((unit) => ({ ...unit, tokens: unit.tokens.map(escapeLucene) }));
}

/** A unit as a query clause: a word, or a CJK run as the phrase of its characters. */
const clause = (unit: Unit): string =>
  unit.cjk && unit.tokens.length > 1 ? `"${unit.tokens.join(' ')}"` : unit.tokens[0]!;

/** A ranked any-word query: every word (or CJK run) is optional, more matching ones rank higher. Null when nothing is left to search. */
export function searchQuery(text: string): string | null {
  const found = meaningfulUnits(text);
  if (found.length === 0) return null;
  // The whole phrase boosted, plus each word: exact phrases first, partial matches after.
  if (found.length === 1) return clause(found[0]!);
  const phrase = `"${found.flatMap((unit) => unit.tokens).join(' ')}"`;
  return `${phrase}^3 ${found.map(clause).join(' ')}`;
}

/**
 * A prefix query: every word typed is required, the last one as a prefix. A CJK run is required as a
 * phrase; it needs no prefix, its characters being whole tokens. Null when nothing is left.
 */
export function prefixQuery(text: string): string | null {
  const found = meaningfulUnits(text);
  if (found.length === 0) return null;
  const last = found.pop()!;
  return [...found.map((unit) => `+${clause(unit)}`), last.cjk ? `+${clause(last)}` : `+${last.tokens[0]}*`].join(' ');
}
