import {
  MAX_ABSTRACT_CHARS,
  MAX_JOURNAL_TITLE_CHARS,
  MAX_RECORD_CHARS,
  MAX_SHORT_FIELD_CHARS,
  MAX_SUBJECT_CHARS,
  MAX_SUBJECTS,
  MAX_TITLE_CHARS,
} from '../../../limits.ts';
import { describeLimit } from '../../common/limits.ts';

/**
 * BibTeX `@string` macros, bounded before they are expanded. `#` concatenates, so each definition
 * can double the one before (`s1 = s0 # s0` … `s17`): expanding first and checking field limits
 * after lets a file of a few hundred bytes ask for gigabytes. Here every definition and every entry
 * is measured first, from the lengths of the macros it names (known, since each was measured when
 * defined), and refused when its expansion would exceed what the field may hold; only then does the
 * parser expand it, given just the macros the text names (never the whole table, which made a file
 * of many definitions quadratic). Work and memory are linear in the file.
 */

/**
 * What one macro may expand to: the longest any limited field may be (an abstract). A journal name
 * or publisher, what macros are for, is a few dozen characters.
 */
export const MAX_MACRO_CHARS = MAX_ABSTRACT_CHARS;

/**
 * LaTeX markup (`{\"u}`, `\textit{…}`, protecting braces) is counted in the raw text and gone after
 * decoding: a field is refused before expansion only beyond this multiple of its limit; the limit
 * itself is checked again, exactly, on the decoded value (src/ingest/normalize/checkLimits.ts).
 */
export const MARKUP_ALLOWANCE = 2;

/** The raw length a field's value may expand to, by field name (lower case). */
function fieldLimit(field: string): { chars: number; name: string } {
  switch (field) {
    case 'title':
    case 'booktitle':
    case 'shorttitle':
    case 'subtitle':
      return { chars: MAX_TITLE_CHARS * MARKUP_ALLOWANCE, name: 'MAX_TITLE_CHARS' };
    case 'abstract':
      return { chars: MAX_ABSTRACT_CHARS * MARKUP_ALLOWANCE, name: 'MAX_ABSTRACT_CHARS' };
    case 'journal':
    case 'journaltitle':
    case 'shortjournal':
    case 'publisher':
      return { chars: MAX_JOURNAL_TITLE_CHARS * MARKUP_ALLOWANCE, name: 'MAX_JOURNAL_TITLE_CHARS' };
    case 'doi':
    case 'pmid':
    case 'pmcid':
    case 'volume':
    case 'number':
    case 'issue':
    case 'pages':
    case 'year':
    case 'month':
    case 'issn':
    case 'language':
      return { chars: MAX_SHORT_FIELD_CHARS * MARKUP_ALLOWANCE, name: 'MAX_SHORT_FIELD_CHARS' };
    case 'keywords':
      return { chars: MAX_SUBJECTS * MAX_SUBJECT_CHARS, name: 'MAX_SUBJECTS × MAX_SUBJECT_CHARS' };
    default:
      return { chars: MAX_RECORD_CHARS, name: 'MAX_RECORD_CHARS' };
  }
}

/** A part of a value: literal text (the inside of braces or quotes, or a number) or a macro's name (upper case, as BibTeX names are case-insensitive). */
type Piece = { text: string } | { macro: string };

/** One `name = value` of an entry or `@string`: its pieces, and where the value is in the text. */
interface FieldValue {
  name: string;
  pieces: Piece[];
  start: number;
  end: number;
}

const SPACE = /\s/;
const NAME_END = /[\s=,#{}()"]/;

/**
 * The fields of one entry's text (`@type{key, name = value, …}` or `@string{name = value}`), each
 * value split into literal pieces and macro names; undefined when the text is not laid out that way.
 */
export function fieldValues(text: string, hasKey: boolean): FieldValue[] | undefined {
  let i = text.search(/[{(]/);
  if (i < 0) return undefined;
  const close = text[i] === '{' ? '}' : ')';
  i += 1;
  if (hasKey) {
    const comma = text.indexOf(',', i);
    if (comma < 0) return [];
    i = comma + 1;
  }
  const fields: FieldValue[] = [];
  const skipSpace = () => {
    while (i < text.length && SPACE.test(text[i]!)) i += 1;
  };
  const word = (): string => {
    const start = i;
    while (i < text.length && !NAME_END.test(text[i]!)) i += 1;
    return text.slice(start, i);
  };
  for (;;) {
    skipSpace();
    while (text[i] === ',') {
      i += 1;
      skipSpace();
    }
    if (i >= text.length || text[i] === close) return fields;
    const name = word();
    if (name === '') return undefined;
    skipSpace();
    if (text[i] !== '=') return undefined;
    i += 1;
    skipSpace();
    const field: FieldValue = { name: name.toLowerCase(), pieces: [], start: i, end: i };
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c === '{' || c === '"') {
        // Braces nest in both forms; a quote ends a quoted value only outside braces.
        const start = i;
        let depth = c === '{' ? 1 : 0;
        i += 1;
        while (i < text.length) {
          const d = text[i]!;
          if (d === '\\') i += 1;
          else if (d === '{') depth += 1;
          else if (d === '}') {
            depth -= 1;
            if (c === '{' && depth === 0) break;
          } else if (d === '"' && c === '"' && depth === 0) break;
          i += 1;
        }
        if (i >= text.length) return undefined;
        field.pieces.push({ text: text.slice(start + 1, i) });
        i += 1;
      } else {
        const piece = word();
        if (piece === '') return undefined;
        field.pieces.push(/^\d+$/.test(piece) ? { text: piece } : { macro: piece.toUpperCase() });
      }
      field.end = i;
      skipSpace();
      if (text[i] !== '#') break;
      i += 1;
    }
    fields.push(field);
  }
}

/** Why a text may not be expanded. */
export interface MacroRefusal {
  field: string;
  reason: string;
}

interface Macro {
  pieces: Piece[];
  /** Characters of its expansion (literal text as written, macros expanded). */
  length: number;
}

/**
 * The `@string` macros defined so far, kept as written (pieces and the expanded length), never
 * expanded in the table: memory is linear in the file, and a definition costs the number of its
 * pieces. A macro is expanded only into an entry that uses it, after the entry was measured.
 */
export class MacroTable {
  private readonly macros = new Map<string, Macro>();
  private readonly refused = new Set<string>();

  /**
   * Defines the macros of one `@string` text, each measured first: a definition that would expand
   * beyond MAX_MACRO_CHARS, or uses a refused macro, is refused (and entries using it are refused
   * by name). Answers the first refusal or syntax problem, or undefined.
   */
  define(text: string): MacroRefusal | undefined {
    const fields = fieldValues(text, false);
    if (!fields || fields.length === 0)
      return { field: '@string', reason: 'the @string definition cannot be read (expected @string{name = "value"})' };
    for (const field of fields) {
      const name = field.name.toUpperCase();
      const refusal = this.measure(field, 'string');
      if (typeof refusal !== 'number') {
        this.refused.add(name);
        this.macros.delete(name);
        return refusal;
      }
      this.macros.set(name, { pieces: field.pieces, length: refusal });
      this.refused.delete(name);
    }
    return undefined;
  }

  /** A field's expanded length, or why it may not be expanded. */
  private measure(field: FieldValue, kind: 'string' | 'entry'): number | MacroRefusal {
    let length = 0;
    for (const piece of field.pieces) {
      if ('text' in piece) length += piece.text.length;
      else if (this.refused.has(piece.macro))
        return {
          field: kind === 'string' ? '@string' : field.name,
          reason: `it uses the macro ${piece.macro.toLowerCase()}, whose @string definition was refused`,
        };
      else length += this.macros.get(piece.macro)?.length ?? piece.macro.length;
    }
    const limit =
      kind === 'string'
        ? { chars: MAX_MACRO_CHARS, name: 'MAX_ABSTRACT_CHARS, the longest a field may be' }
        : fieldLimit(field.name);
    if (length > limit.chars) {
      const what = kind === 'string' ? `the macro ${field.name} would expand to` : 'the field would expand to';
      return {
        field: kind === 'string' ? '@string' : field.name,
        reason: `${what} ${length.toLocaleString('en')} characters, more than ${limit.chars.toLocaleString('en')} (${limit.name}); it was not expanded`,
      };
    }
    return length;
  }

  /** The literal text of a macro, expanded without recursion (a chain of 20,000 definitions is deep). */
  private expand(name: string, out: string[]): void {
    const stack: Piece[] = [{ macro: name }];
    while (stack.length > 0) {
      const piece = stack.pop()!;
      if ('text' in piece) out.push(piece.text);
      else {
        const macro = this.macros.get(piece.macro)!;
        for (let k = macro.pieces.length - 1; k >= 0; k -= 1) stack.push(macro.pieces[k]!);
      }
    }
  }

  /**
   * An entry's text with the macros of this table expanded into it, after measuring every field
   * against its limit and the whole against MAX_RECORD_CHARS; or why it may not be. Names the table
   * does not know (the month macros, or a typo the parser reports) stay as they are.
   */
  expandEntry(text: string): { text: string } | { refusal: MacroRefusal } {
    const fields = fieldValues(text, true);
    if (!fields) return { text }; // not laid out as fields: nothing is expanded, the parser names the error
    let total = text.length;
    const parts: string[] = [];
    let at = 0;
    for (const field of fields) {
      const length = this.measure(field, 'entry');
      if (typeof length !== 'number') return { refusal: length };
      total += length;
      if (total > MAX_RECORD_CHARS)
        return {
          refusal: {
            field: '(record)',
            reason: `its macros would expand it to more than ${describeLimit(MAX_RECORD_CHARS)} (MAX_RECORD_CHARS); it was not expanded`,
          },
        };
      if (!field.pieces.some((p) => 'macro' in p && this.macros.has(p.macro))) continue;
      // Literal pieces as braced values; each known macro as its pieces, joined by BibTeX's `#`.
      const value: string[] = [];
      for (const piece of field.pieces) {
        if ('text' in piece) value.push(`{${piece.text}}`);
        else if (this.macros.has(piece.macro)) {
          const texts: string[] = [];
          this.expand(piece.macro, texts);
          value.push(texts.length > 0 ? texts.map((t) => `{${t}}`).join(' # ') : '{}');
        } else value.push(piece.macro.toLowerCase());
      }
      parts.push(text.slice(at, field.start), value.join(' # '));
      at = field.end;
    }
    parts.push(text.slice(at));
    return { text: parts.join('') };
  }
}
