import type { ReadResult } from '../../../model.ts';
import { MAX_RECORD_CHARS, oversizedReason } from '../../common/limits.ts';
import { linesOf } from '../../common/LineSplitter.ts';
import { convertRecord } from '../../common/problems.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { cleanLine, type SourceLine } from './splitLines.ts';
import { classifyFieldLine, type KnownField } from './fieldLabels.ts';
import { BINARY_RE, DOI_LINE_RE, parseWprimRecord } from './parseWprimRecord.ts';

const BARE_ABSTRACT_RE = /^Abstract\s*:/i;
/** Leading whitespace as the page layout indents (tabs, spaces, NBSP, ideographic space). */
const INDENTED_RE = /^[\s\u00A0\u2000-\u200B\u3000]/;

/** What the splitter knows about the record it is collecting. */
interface Collecting {
  lines: SourceLine[];
  /** The record has a field label line. */
  hasField: boolean;
  /** Known fields seen so far. */
  fields: Set<KnownField>;
  /** A non-blank indented line was seen: the record is in the page layout. */
  indented: boolean;
  chars: number;
  /** The field whose block is being read, for error messages. */
  block: string;
  problem?: { line: number; field: string; reason: string };
}

function collecting(): Collecting {
  return { lines: [], hasField: false, fields: new Set(), indented: false, chars: 0, block: '(record)' };
}

/**
 * WPRIM record pages (the scraped text of a WPRIM record page, one or several per file).
 *
 * Several records in one file: a WPRIM page indents everything but its title, which starts in the
 * first column. So when pages are concatenated (each starting on a new line), a new record starts at
 * a line that begins in column 0, is not a `- Field:` line, comes after the current record has fields,
 * and is followed (after blank lines and an optional DOI line) by a `- Field:` line. For hand-written
 * records without that indentation, the same title-like line starts a new record when the field that
 * follows it was already given in the current record.
 */
export const wprimReader: RecordReader = {
  format: 'wprim',
  extensions: ['txt'],

  detect(head: string): boolean {
    const lines = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    if (lines.some((l) => BINARY_RE.test(l))) return false;
    const first = lines.map(cleanLine).find((l) => l !== '');
    if (!first || first.startsWith('<') || first.startsWith('{') || /^\[\s*(?:[{[\]"]|$)/.test(first)) return false; // markup or JSON, not a page
    return lines.some((l) => {
      const label = classifyFieldLine(cleanLine(l));
      return label?.kind === 'known' || label?.kind === 'near-miss';
    });
  },

  async *read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
    let index = 0;
    let current = collecting();
    /** Lines after a possible title, held back until the next field line tells whether a new record starts. */
    let pending: SourceLine[] | undefined;
    let pendingHasDoi = false;

    const finish = function* (record: Collecting): Generator<ReadResult> {
      if (!record.lines.some((l) => l.text !== '') && !record.problem) {
        if (index === 0) {
          yield {
            ok: false,
            problem: {
              file,
              line: 1,
              index: 0,
              field: 'Title',
              reason: 'the file is empty (a record needs at least a title)',
            },
          };
          index += 1;
        }
        return;
      }
      const at = record.lines.find((l) => l.text !== '')?.line ?? record.problem?.line ?? 1;
      if (record.problem) {
        yield { ok: false, problem: { file, index, ...record.problem } };
      } else {
        yield convertRecord({ file, index, line: at }, () => ({
          ok: true,
          record: parseWprimRecord(record.lines, file, index),
        }));
      }
      index += 1;
    };

    const add = (record: Collecting, l: SourceLine, indented: boolean, raw: string, oversized: boolean) => {
      if (!record.problem && BINARY_RE.test(raw)) {
        record.problem = {
          line: l.line,
          field: '(record)',
          reason: 'not a WPRIM record: the file contains binary data',
        };
      }
      const label = classifyFieldLine(l.text);
      if (label) record.hasField = true;
      if (label?.kind === 'known') {
        record.fields.add(label.field);
        record.block = label.field;
      } else if (label?.kind === 'other') record.block = label.label;
      else if (!label && BARE_ABSTRACT_RE.test(l.text)) record.block = 'Abstract';
      if (l.text !== '' && indented) record.indented = true;
      record.chars += raw.length + 1;
      if (!record.problem && (oversized || record.chars > MAX_RECORD_CHARS)) {
        record.problem = {
          line: l.line,
          field: record.block,
          reason: oversizedReason(),
        };
      }
      if (!record.problem) record.lines.push(l);
      else record.lines.length = 0; // keep memory bounded: an oversized record is rejected whole
    };

    // Indentation of pending lines is needed again when they are replayed into a record.
    const pendingMeta: Array<{ indented: boolean; raw: string; oversized: boolean }> = [];
    const replay = (into: Collecting) => {
      (pending ?? []).forEach((l, i) => {
        add(into, l, pendingMeta[i]!.indented, pendingMeta[i]!.raw, pendingMeta[i]!.oversized);
      });
      pending = undefined;
      pendingHasDoi = false;
      pendingMeta.length = 0;
    };

    for await (const textLine of linesOf(chunks)) {
      const rawLine = { line: textLine.line, raw: textLine.text };
      const l: SourceLine = { line: rawLine.line, text: cleanLine(rawLine.raw) };
      const indented = INDENTED_RE.test(rawLine.raw);
      const oversized = textLine.truncated === true;
      const label = classifyFieldLine(l.text);

      if (pending) {
        if (l.text === '' || (!label && !pendingHasDoi && DOI_LINE_RE.test(l.text))) {
          if (l.text !== '') pendingHasDoi = true;
          pending.push(l);
          pendingMeta.push({ indented, raw: rawLine.raw, oversized });
          continue;
        }
        const repeats =
          (label?.kind === 'known' && current.fields.has(label.field)) ||
          (label?.kind === 'near-miss' && current.fields.has(label.meant));
        if (label && (current.indented || repeats)) {
          yield* finish(current);
          current = collecting();
        }
        replay(current);
      }

      const startsRecord = !indented && l.text !== '' && !label && current.hasField && !BARE_ABSTRACT_RE.test(l.text);
      if (startsRecord) {
        pending = [l];
        pendingMeta.push({ indented, raw: rawLine.raw, oversized });
        continue;
      }
      add(current, l, indented, rawLine.raw, oversized);
    }
    if (pending) replay(current);
    yield* finish(current);
  },
};
