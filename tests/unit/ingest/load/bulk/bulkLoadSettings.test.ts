import { describe, expect, it } from 'vitest';
import { bulkMemoryMb, bulkSortThread } from '../../../../../src/ingest/load/bulk/bulkLoad.ts';

describe('the bulk load settings from the environment', () => {
  it('sorts spilled runs on a second thread where there is a second core, unless told (BULK_SORT_THREAD or the option)', () => {
    expect(bulkSortThread(undefined, {}, 2)).toBe(true);
    expect(bulkSortThread(undefined, { BULK_SORT_THREAD: '' }, 4)).toBe(true);
    expect(bulkSortThread(undefined, {}, 1)).toBe(false);
    expect(bulkSortThread(undefined, { BULK_SORT_THREAD: '0' }, 2)).toBe(false);
    expect(bulkSortThread(undefined, { BULK_SORT_THREAD: '1' }, 1)).toBe(true);
    // The option wins over the environment, both ways.
    expect(bulkSortThread(false, { BULK_SORT_THREAD: '1' })).toBe(false);
    expect(bulkSortThread(true, {})).toBe(true);
    for (const bad of ['yes', 'true', '2', ' 1'])
      expect(() => bulkSortThread(undefined, { BULK_SORT_THREAD: bad })).toThrow(/BULK_SORT_THREAD must be 1 or 0/);
  });

  it('takes the memory budget from the option, else BULK_MEMORY_MB, else 256 MB, and refuses a non-positive one', () => {
    expect(bulkMemoryMb(undefined, {})).toBe(256);
    expect(bulkMemoryMb(undefined, { BULK_MEMORY_MB: '1024' })).toBe(1024);
    expect(bulkMemoryMb(64, { BULK_MEMORY_MB: '1024' })).toBe(64);
    for (const bad of ['0', '-5', 'lots'])
      expect(() => bulkMemoryMb(undefined, { BULK_MEMORY_MB: bad })).toThrow(
        /BULK_MEMORY_MB must be a positive number/,
      );
  });
});
