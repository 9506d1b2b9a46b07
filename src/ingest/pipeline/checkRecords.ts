import type { NormalizedArticle, RecordFormat, RecordProblem } from '../model.ts';
import type { RecordReader } from '../parse/RecordReader.ts';
import { READERS } from '../parse/formats.ts';
import { normalizeSource, RecordRejectedError } from '../normalize/normalizeSource.ts';
import type { ReferenceData } from '../normalize/ReferenceData.ts';
import type { ImportSource } from './importSource.ts';
import { readSource } from './readSource.ts';
import { SourceEncodingError } from './decodeText.ts';

/** One record after checking: normalized, or the problem that keeps it out. */
export interface CheckedRecord {
  article?: NormalizedArticle;
  problem?: RecordProblem;
}

/** How one source is checked: with which reference data, among which readers. */
export interface CheckOptions {
  reference: ReferenceData;
  /** The readers formats are detected among (default: every reader). */
  readers?: readonly RecordReader[];
  /** The format the caller named: its reader reads the file without content detection. */
  format?: RecordFormat;
}

/**
 * Reads one source, yielding every record normalized or with the problem that keeps it out. The same
 * article twice in one file (same format, file and article key) is a problem at its second occurrence.
 * A file that is not UTF-8 text ends with one problem naming its encoding (records before the bad
 * byte were yielded already).
 */
export async function* checkedRecords(
  source: ImportSource,
  options: CheckOptions,
  onFormat: (format: RecordFormat | undefined) => void,
): AsyncGenerator<CheckedRecord> {
  try {
    const opened = await readSource(source, options.readers ?? READERS, options.format);
    onFormat(opened.format);
    const firstLine = new Map<string, number | undefined>();
    for await (const result of opened.results) {
      if (!result.ok) {
        yield { problem: result.problem };
        continue;
      }
      try {
        const article = normalizeSource(result.record, options.reference);
        const earlier = firstLine.get(article.key);
        if (firstLine.has(article.key)) {
          const { file, index, line } = result.record.origin;
          yield {
            problem: {
              file,
              index,
              ...(line !== undefined ? { line } : {}),
              field: '(record)',
              reason: `the same article (${article.key}) as the record${earlier !== undefined ? ` on line ${earlier}` : ''} earlier in this file; remove one of the two`,
            },
          };
          continue;
        }
        firstLine.set(article.key, result.record.origin.line);
        yield { article };
      } catch (error) {
        if (error instanceof RecordRejectedError) yield { problem: error.problem };
        else throw error;
      }
    }
  } catch (error) {
    if (error instanceof SourceEncodingError) yield { problem: error.problem };
    else throw error;
  }
}
