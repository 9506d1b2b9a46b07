import type { ReadResult, SourceRecord } from '../../model.ts';
import { describeLimit, MAX_RECORD_CHARS } from './limits.ts';
import { readByLine, type TextLine } from './LineSplitter.ts';
import { convertRecord, problem } from './problems.ts';

/**
 * The record loop of the tagged line formats that are not RIS or MEDLINE (Web of Science plain text,
 * EndNote/Refer tagged text, RefWorks tagged text): a line starts with a short tag and its value,
 * some formats continue a value on following lines, records are delimited by an opening tag and a
 * closing tag or a blank line. Parsing stops at fields (tag, the value's lines, line number); what a
 * field means is each format's mapping table.
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
  /** Tags allowed outside records (WoS `FN`, `VR`, `EF`), and other lines to pass over there. */
  outside(text: string): boolean;
  /** The tag a record needs to close, for the message when it is missing (`ER`); absent when a blank line or the end of the file closes it. */
  closingTag?: string;
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
          reason: `the record is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read`,
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
        rec = {
          fields: [{ tag: tagged.tag, lines: [tagged.value], line: l.line }],
          startLine: l.line,
          chars: l.text.length,
          oversized: false,
        };
      } else if (!blank && !syntax.outside(l.text) && !stray) {
        stray = true;
        out.push(
          problem({
            file,
            line: l.line,
            index: index++,
            field: tagged?.tag ?? '(line)',
            reason: `text outside a record: a ${syntax.name} record starts with its opening tag, found "${l.text.slice(0, 60)}"`,
          }),
        );
      }
      return;
    }
    if (blank) {
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
            reason: `the record starting on line ${rec.startLine} has no "${syntax.closingTag}" line before the next record on line ${l.line}`,
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
    if (rec.oversized) return;
    rec.chars += l.text.length + 1;
    if (l.truncated || rec.chars > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.fields = [];
      return;
    }
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
          reason: `the file ends inside the record starting on line ${rec.startLine}: no "${syntax.closingTag}" line closes it`,
        }),
      );
      rec = undefined;
    } else {
      finish(out);
    }
  });
}

/** The fields with one of `tags`, in file order. */
export function fieldsTagged(fields: readonly TaggedField[], ...tags: string[]): TaggedField[] {
  return fields.filter((f) => tags.includes(f.tag));
}
