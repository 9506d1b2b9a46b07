import type { ReadResult, SourceRecord } from '../../model.ts';
import { fitsAfterLine, oversizedReason } from './limits.ts';
import { readByLine, type TextLine } from './LineSplitter.ts';
import { convertRecord, problem } from './problems.ts';

/**
 * The record loop of the tagged line formats (RIS, Web of Science plain text, EndNote/Refer tagged
 * text, RefWorks tagged text): a line starts with a short tag and its value, some formats continue a
 * value on following lines, records are delimited by an opening tag and a closing tag or a blank
 * line. Parsing stops at fields (tag, the value's lines, line number); what a field means is each
 * format's mapping table.
 *
 * MEDLINE text is read by a loop of its own: there every blank line ends a record at once, a record
 * opens with whatever line comes first, and a line that is neither a tag line nor an indented
 * continuation makes the whole record a problem, none of which this loop's syntax describes.
 */

/** One tagged field as printed: its tag, the value of the tag line and of each continuation line (kept apart), and where it starts. */
export interface TaggedField {
  tag: string;
  lines: string[];
  line: number;
  /** The values all stand on the field's one line (a row of a tabular export split into values), not one line each. */
  oneLine?: boolean;
}

/** How one tagged format lays out its lines and records. */
export interface TaggedSyntax {
  /** The format's name, for problem messages ("Web of Science"). */
  name: string;
  /** The tag and value of a tag line, or undefined when the line is not one. */
  tagLine(text: string): { tag: string; value: string } | undefined;
  /** True when a line that is no tag line continues the previous field (WoS: three spaces of indent). */
  continues(text: string): boolean;
  /** True when this tag starts a record (WoS `PT`, EndNote `%0`, RefWorks `RT`). */
  opens(tag: string): boolean;
  /** True when this tag starts a record outside one (EndNote: any tag after a blank line; default: `opens`). */
  startsOutside?(tag: string): boolean;
  /** True when this tag ends a record and is no field of it (WoS `ER`). */
  closes?(tag: string): boolean;
  /**
   * True when a blank line ends a record (EndNote, RefWorks); WoS records end only with ER. A blank
   * line followed by a line that is no tag line is inside a value (CNKI abstracts keep their blank
   * lines), so the record ends only when the next tag line or the end of the file comes.
   */
  blankLineCloses: boolean;
  /**
   * Tags allowed outside records (WoS `FN`, `VR`, `EF`), and other lines to pass over there;
   * `previous` is the last line passed over since the last record (Ovid's URL line follows its link label).
   */
  outside(text: string, previous: string | undefined): boolean;
  /** The tag a record needs to close, for the message when it is missing (`ER`); absent when a blank line or the end of the file closes it. */
  closingTag?: string;
  /** The closing line as problem messages show it (RIS: `ER  - `); default closingTag. */
  closingLine?: string;
  /** The opening line as the message about text outside a record shows it (RIS: `TY  - `); default "its opening tag". */
  openingLine?: string;
}

interface OpenRecord {
  fields: TaggedField[];
  startLine: number;
  chars: number;
  oversized: boolean;
  /** A blank line was seen: the next tag line starts a new record. */
  afterBlank?: boolean;
}

/**
 * Reads the records of a tagged file with `syntax`, converting each with `convert` (which throws
 * FieldError for a bad value). A record over MAX_RECORD_CHARS is skipped with a problem; text
 * outside records that the syntax does not expect is reported once per run of such lines.
 */
export async function* readTaggedRecords(
  chunks: AsyncIterable<string>,
  file: string,
  syntax: TaggedSyntax,
  convert: (fields: TaggedField[], at: { file: string; index: number; line: number }) => SourceRecord,
): AsyncGenerator<ReadResult> {
  let index = 0;
  let rec: OpenRecord | undefined;
  let stray = false;
  /** The last line outside records that the syntax passed over, since the last record. */
  let passedOver: string | undefined;
  const closing = syntax.closingLine ?? syntax.closingTag;
  const opening = syntax.openingLine
    ? `every ${syntax.name} record starts with a "${syntax.openingLine}" line`
    : `a ${syntax.name} record starts with its opening tag`;

  const finish = (out: ReadResult[]): void => {
    const done = rec;
    rec = undefined;
    if (!done) return;
    const at = { file, index: index++, line: done.startLine };
    if (done.oversized) {
      out.push(
        problem({
          ...at,
          field: '(record)',
          reason: oversizedReason(),
        }),
      );
      return;
    }
    out.push(convertRecord(at, () => ({ ok: true, record: convert(done.fields, at) })));
  };

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    const tagged = l.truncated ? undefined : syntax.tagLine(l.text);
    const blank = l.text.trim() === '';
    const starts = (tag: string) => (syntax.startsOutside ? syntax.startsOutside(tag) : syntax.opens(tag));
    if (rec?.afterBlank && !blank) {
      if (tagged) finish(out);
      else rec.afterBlank = false;
    }
    if (!rec) {
      if (tagged && starts(tagged.tag)) {
        stray = false;
        passedOver = undefined;
        rec = {
          fields: [{ tag: tagged.tag, lines: [tagged.value], line: l.line }],
          startLine: l.line,
          chars: l.text.length,
          oversized: false,
        };
      } else if (blank) {
        // nothing to report
      } else if (syntax.outside(l.text, passedOver)) {
        passedOver = l.text;
      } else if (!stray) {
        stray = true;
        out.push(
          problem({
            file,
            line: l.line,
            index: index++,
            field: tagged?.tag ?? '(line)',
            reason: `text outside a record: ${opening}, found "${l.text.slice(0, 60)}"`,
          }),
        );
      }
      return;
    }
    if (blank) {
      // A blank line inside a record counts toward its size like any other line.
      if (!rec.oversized) grow(rec, l);
      if (syntax.blankLineCloses) rec.afterBlank = true;
      return;
    }
    if (tagged && syntax.closes?.(tagged.tag)) {
      finish(out);
      return;
    }
    if (tagged && syntax.opens(tagged.tag)) {
      if (syntax.closingTag) {
        out.push(
          problem({
            file,
            index: index++,
            line: rec.startLine,
            field: syntax.closingTag,
            reason: `the record starting on line ${rec.startLine} has no "${closing}" line before the next record on line ${l.line}`,
          }),
        );
        rec = undefined;
      } else {
        finish(out);
      }
      rec = {
        fields: [{ tag: tagged.tag, lines: [tagged.value], line: l.line }],
        startLine: l.line,
        chars: l.text.length,
        oversized: false,
      };
      return;
    }
    if (rec.oversized || !grow(rec, l)) return;
    const last = rec.fields[rec.fields.length - 1];
    if (tagged) rec.fields.push({ tag: tagged.tag, lines: [tagged.value], line: l.line });
    else if (last && syntax.continues(l.text)) last.lines.push(l.text.trim());
    else if (last) last.lines.push(l.text.trim()); // an unindented wrapped line (CNKI abstracts): still the previous field's text
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    if (!rec) return;
    if (syntax.closingTag) {
      out.push(
        problem({
          file,
          line: rec.startLine,
          index: index++,
          field: syntax.closingTag,
          reason: `the file ends inside the record starting on line ${rec.startLine}: no "${closing}" line closes it`,
        }),
      );
      rec = undefined;
    } else {
      finish(out);
    }
  });
}

/** Adds a line to a record's size; false (and the record marked oversized, its fields dropped) when it goes over MAX_RECORD_CHARS. */
function grow(rec: OpenRecord, l: TextLine): boolean {
  if (fitsAfterLine(rec, l)) return true;
  rec.fields = [];
  return false;
}

/** The fields with one of `tags`, in file order. */
export function fieldsTagged(fields: readonly TaggedField[], ...tags: string[]): TaggedField[] {
  return fields.filter((f) => tags.includes(f.tag));
}
