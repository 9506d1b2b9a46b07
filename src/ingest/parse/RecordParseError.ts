/**
 * A record that cannot be read. Carries the file, the 1-based line and the field so a seed run can
 * point the operator at the exact spot, e.g.
 * `seed/x.txt:12: field "From": expected "<year>;<volume>(<issue>):<pages>" but found "2021/36"`.
 */
export class RecordParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  /** The reason alone, without file, line and field. */
  readonly detail: string;

  constructor(file: string, line: number, field: string, detail: string) {
    super(`${file}:${line}: field "${field}": ${detail}`);
    this.name = "RecordParseError";
    this.file = file;
    this.line = line;
    this.field = field;
    this.detail = detail;
  }
}
