import { describe, expect, it } from 'vitest';
import { ImportInterruptedError, interruptionMessage } from '../../src/write/WriteService.ts';
import { LeaseLostError } from '../../src/write/writeLease.ts';

/** What an interrupted import tells its caller: what is in the graph, how to finish it or take it back. */
describe('an interrupted import', () => {
  const driverDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7687'), { code: 'ServiceUnavailable' });

  it('names the import, the committed batches, records and articles, and both ways out', () => {
    const error = new ImportInterruptedError(
      'import:2026-01-01T00:00:00.000Z:ab12cd34',
      { batches: 2, records: 2000, articles: 1990 },
      5000,
      driverDown,
    );
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toBe(
      'The import import:2026-01-01T00:00:00.000Z:ab12cd34 was interrupted (the graph database became unavailable) after 2 batch(es) were committed: ' +
        '2000 of 5000 record(s), describing 1990 article(s), are in the graph. To finish it, run the same import again (same file name): ' +
        'what is already written comes out unchanged. To take back whatever of it is in the graph, call retractSource(importId: "import:2026-01-01T00:00:00.000Z:ab12cd34").',
    );
    // The driver's own words (host, port) never reach the message.
    expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|try again shortly/);
  });

  it('says nothing was written when no batch was committed', () => {
    const error = new ImportInterruptedError('import:x', { batches: 0, records: 0, articles: 0 }, null, driverDown);
    expect(error.message).toBe(
      'The import import:x stopped before any batch was committed (the graph database became unavailable); nothing of it was written. Run it again once the database is back.',
    );
  });

  it('is IMPORT_INTERRUPTED when the writer lost its lease, and the CLI names its own way to take it back', () => {
    expect(
      new ImportInterruptedError('import:x', { batches: 1, records: 10, articles: 10 }, 20, new LeaseLostError()).code,
    ).toBe('IMPORT_INTERRUPTED');
    expect(
      interruptionMessage(
        'import:x',
        { batches: 1, records: 10, articles: 10 },
        20,
        'the graph database became unavailable',
        true,
        { takeBack: 'run: npm run seed -- --retract import:x' },
      ),
    ).toMatch(/To take back whatever of it is in the graph, run: npm run seed -- --retract import:x\.$/);
  });

  it('never says nothing was written while a batch was being written when the database went away', () => {
    const error = new ImportInterruptedError(
      'import:x',
      { batches: 0, records: 0, articles: 0 },
      5000,
      driverDown,
      1000,
    );
    expect(error.message).not.toMatch(/nothing of it was written/);
    expect(error.message).toMatch(
      /while writing its first batch; whether it was committed is unknown\. The batch being written when it stopped \(1000 record\(s\)\) may also have been committed/,
    );
    expect(error.message).toContain('import(id: "import:x") gives the exact count once the database is back');
    expect(error.message).toContain('call retractSource(importId: "import:x")');
  });
});
