import { describe, expect, it } from 'vitest';
import { HeldEntries } from '../../../../../src/ingest/load/bulk/planBulkFiles.ts';

describe("the bulk plan's in-memory reductions (HeldEntries)", () => {
  it('keeps the entries met again when it is full and passes the others on, in the order they were added', () => {
    const released: string[] = [];
    const held = new HeldEntries<number>(4, (key, value) => released.push(`${key}=${value}`));
    held.set('popular', 1);
    held.set('b', 2);
    expect(held.get('popular')).toBe(1); // met again
    held.set('c', 3);
    held.set('d', 4); // full: b, c and d were never met again
    expect(released).toEqual(['b=2', 'c=3', 'd=4']);
    expect(held.get('popular')).toBe(1);
    expect(held.get('b')).toBeUndefined();
    held.flush();
    expect(released).toEqual(['b=2', 'c=3', 'd=4', 'popular=1']);
    expect(held.get('popular')).toBeUndefined();
  });

  it('passes everything on when keeping the entries met again would free less than half', () => {
    const released: string[] = [];
    const held = new HeldEntries<number>(4, (key) => released.push(key));
    for (const key of ['a', 'b', 'c']) held.set(key, 0);
    for (const key of ['a', 'b', 'c']) held.get(key);
    held.set('d', 0); // only d is new: all four go
    expect(released).toEqual(['a', 'b', 'c', 'd']);
    // And an entry kept once must be met again after that to be kept the next time.
    released.length = 0;
    for (const key of ['p', 'q']) held.set(key, 0);
    held.get('p');
    held.set('r', 0);
    held.set('s', 0); // q, r, s go; p stays
    expect(released).toEqual(['q', 'r', 's']);
    for (const key of ['t', 'u']) held.set(key, 0);
    held.set('v', 0); // p was not met since it was last full: it goes with t, u, v
    expect(released).toEqual(['q', 'r', 's', 'p', 't', 'u', 'v']);
  });

  it('replaces a value set again without growing', () => {
    const released: string[] = [];
    const held = new HeldEntries<number>(2, (key, value) => released.push(`${key}=${value}`));
    held.set('a', 1);
    held.set('a', 2);
    expect(released).toEqual([]);
    held.flush();
    expect(released).toEqual(['a=2']);
  });
});
