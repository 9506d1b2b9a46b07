import { describe, expect, it } from 'vitest';
import { labelBoxBelow, placeLabels, type LabelCandidate } from '../../src/web/client/labelPlacement.ts';
import { EMPTY_VIEW, readViewState, writeViewState } from '../../src/web/client/viewState.ts';

const box = (x: number, y: number, w = 100, h = 16) => ({ x1: x, y1: y, x2: x + w, y2: y + h });
const viewport = box(0, 0, 800, 600);

describe('label placement', () => {
  it('keeps the more important of two overlapping labels', () => {
    const candidates: LabelCandidate[] = [
      { id: 'minor', importance: 1, box: box(10, 10) },
      { id: 'major', importance: 9, box: box(50, 15) },
      { id: 'apart', importance: 0, box: box(300, 300) },
    ];
    expect([...placeLabels(candidates, viewport)].sort()).toEqual(['apart', 'major']);
  });

  it('always draws forced labels (centre, selection), even over more important ones', () => {
    const shown = placeLabels([{ id: 'hub', importance: 99, box: box(10, 10) }, { id: 'selected', importance: 0, forced: true, box: box(20, 12) }], viewport);
    expect([...shown]).toEqual(['selected']);
  });

  it('never returns two overlapping labels, whatever the input', () => {
    const candidates: LabelCandidate[] = Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, importance: (i * 37) % 11, box: box((i * 53) % 700, (i * 29) % 560, 60 + (i % 5) * 20) }));
    const kept = candidates.filter((c) => placeLabels(candidates, viewport).has(c.id));
    for (const a of kept) for (const b of kept) if (a !== b) expect(a.box.x1 < b.box.x2 && b.box.x1 < a.box.x2 && a.box.y1 < b.box.y2 && b.box.y1 < a.box.y2).toBe(false);
    expect(kept.length).toBeGreaterThan(10);
  });

  it('keeps labels off other nodes, but not off their own', () => {
    const label = { id: 'a', importance: 1, box: box(100, 100) };
    expect(placeLabels([label], viewport, 3, [{ id: 'b', box: box(150, 105, 10, 10) }]).size).toBe(0);
    expect(placeLabels([label], viewport, 3, [{ id: 'a', box: box(150, 105, 10, 10) }]).size).toBe(1);
  });

  it('skips labels outside the viewport and puts a label below its node', () => {
    expect(placeLabels([{ id: 'far', importance: 5, box: box(2000, 10) }], viewport).size).toBe(0);
    expect(labelBoxBelow({ x: 100, y: 100, halfHeight: 10 }, { width: 40, lines: 2 }, 15, 4)).toEqual({ x1: 78, y1: 112, x2: 122, y2: 146 });
  });
});

describe('explorer view in the URL', () => {
  it('round-trips a view, ids with commas and spaces included', () => {
    const view = { id: 'Author:haoming chen', depth: 2, expanded: ['Topic:mesh:D001997', 'Institution:a, b'], hidden: ['TOPIC', 'HAS_TOPIC'], selected: 'Topic:mesh:D001997', year: 2021 };
    const params = writeViewState(view);
    expect(readViewState(new URLSearchParams(params.toString()))).toEqual(view);
  });

  it('keeps unrelated parameters and falls back on malformed values', () => {
    const params = writeViewState({ ...EMPTY_VIEW, id: 'Topic:x' }, new URLSearchParams('lang=en'));
    expect(params.get('lang')).toBe('en');
    expect(readViewState(new URLSearchParams('id=Topic:x&depth=9&year=soon'))).toEqual({ ...EMPTY_VIEW, id: 'Topic:x' });
  });
});
