import type { ReadResult, SourceRecord } from '../../src/ingest/model.ts';
import type { RecordReader } from '../../src/ingest/parse/RecordReader.ts';

/** The first line of a test-record file. */
export const TEST_RECORDS_HEADER = 'TEST-SOURCE-RECORDS';

/**
 * A reader for records built in test code (TEST ONLY): a file whose first line is
 * TEST-SOURCE-RECORDS followed by a JSON array of SourceRecords. Each record keeps its own format
 * and position; the file name is the one the pipeline gives. It lets integration tests put records
 * of any format through the real pipeline (detection among readers, check, load) before the real
 * readers of those formats exist.
 */
export const testRecordReader: RecordReader = {
  format: 'pubmed-xml',
  extensions: ['testrecords'],
  detect: (head) => head.startsWith(TEST_RECORDS_HEADER),
  async *read(chunks, file): AsyncGenerator<ReadResult> {
    let text = '';
    for await (const chunk of chunks) text += chunk;
    const records = JSON.parse(text.slice(TEST_RECORDS_HEADER.length)) as SourceRecord[];
    for (const record of records) yield { ok: true, record: { ...record, origin: { ...record.origin, file } } };
  },
};

/** The content of a test-record file holding these records. */
export function testRecordsContent(records: readonly SourceRecord[]): string {
  return `${TEST_RECORDS_HEADER}\n${JSON.stringify(records)}`;
}
