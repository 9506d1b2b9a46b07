import { FieldError } from './common/problems.ts';

/**
 * A record that cannot be read, thrown by converters that know their file (the WPRIM page parser,
 * which callers also use on one page in memory). It is the readers' FieldError with the file added,
 * so every reader's loop reports it the same way, and its message points at the exact spot, e.g.
 * `seed/x.txt:12: field "From": expected "<year>;<volume>(<issue>):<pages>" but found "2021/36"`.
 */
export class RecordParseError extends FieldError {
  readonly file: string;
  declare readonly line: number;
  /** The reason alone, without file, line and field. */
  readonly detail: string;

  constructor(file: string, line: number, field: string, detail: string) {
    super(field, detail, line);
    this.message = `${file}:${line}: field "${field}": ${detail}`;
    this.name = 'RecordParseError';
    this.file = file;
    this.detail = detail;
  }
}
