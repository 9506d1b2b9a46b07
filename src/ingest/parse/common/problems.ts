import type { ReadResult, RecordProblem } from '../../model.ts';

/**
 * A value in a record that its reader cannot accept (wrong type, missing title, unreadable date).
 * Converters throw it; the reader's loop turns it into the RecordProblem of that record, so a bad
 * record is reported with its field and never silently skipped.
 */
export class FieldError extends Error {
  readonly field: string;
  readonly line: number | undefined;
  /** The reason alone (subclasses may put more into `message`). */
  readonly reason: string;

  constructor(field: string, reason: string, line?: number) {
    super(reason);
    this.name = 'FieldError';
    this.field = field;
    this.line = line;
    this.reason = reason;
  }
}

/** A ReadResult for a problem. */
export function problem(p: RecordProblem): ReadResult {
  const out: RecordProblem = { file: p.file, field: p.field, reason: p.reason };
  if (p.line !== undefined) out.line = p.line;
  if (p.index !== undefined) out.index = p.index;
  if (p.item !== undefined) out.item = p.item;
  return { ok: false, problem: out };
}

/**
 * Runs a converter for one record: its SourceRecord, or the problem a FieldError (or any other
 * error, which would be a reader bug, reported rather than thrown so one record cannot stop a run)
 * describes.
 */
export function convertRecord(
  at: { file: string; index: number; line?: number },
  convert: () => ReadResult,
): ReadResult {
  try {
    return convert();
  } catch (e) {
    if (e instanceof FieldError) {
      return problem({ file: at.file, index: at.index, line: e.line || at.line, field: e.field, reason: e.reason });
    }
    const reason = e instanceof Error ? e.message : String(e);
    return problem({
      file: at.file,
      index: at.index,
      line: at.line,
      field: '(record)',
      reason: `the record could not be read: ${reason}`,
    });
  }
}
