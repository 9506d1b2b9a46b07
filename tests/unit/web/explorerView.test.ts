import { describe, expect, it } from 'vitest';
import { labelBoxes, placeLabels, type LabelCandidate } from '../../../src/web/client/labelPlacement.ts';

const box = (x: number, y: number, w = 100, h = 16) => ({ x1: x, y1: y, x2: x + w, y2: y + h });
const viewport = box(0, 0, 800, 600);

describe('label placement', () => {
  const one = (id: string, importance: number, b: ReturnType<typeof box>, forced = false): LabelCandidate => ({
    id,
    importance,
    forced,
    boxes: [b],
  });

  it('keeps the more important of two overlapping labels', () => {
    const placed = placeLabels(
      [one('minor', 1, box(10, 10)), one('major', 9, box(50, 15)), one('apart', 0, box(300, 300))],
      viewport,
    );
    expect([...placed.keys()].sort()).toEqual(['apart', 'major']);
  });

  it('moves a label to another side of its node when its first side is taken', () => {
    const node = { x: 200, y: 200, halfWidth: 10, halfHeight: 10 };
    const blocker = one('blocker', 9, box(150, 205, 100, 40));
    const placed = placeLabels(
      [blocker, { id: 'n', importance: 1, boxes: labelBoxes(node, { width: 60, lines: 1 }, 15, 4) }],
      viewport,
    );
    expect(placed.get('n')).toBe('above');
  });

  it('always draws forced labels (centre, selection) below their node, even over more important ones', () => {
    const placed = placeLabels([one('hub', 99, box(10, 10)), one('selected', 0, box(20, 12), true)], viewport);
    expect([...placed]).toEqual([['selected', 'below']]);
  });

  it('never returns two overlapping labels, whatever the input', () => {
    const candidates: LabelCandidate[] = Array.from({ length: 200 }, (_, i) => ({
      id: `n${i}`,
      importance: (i * 37) % 11,
      boxes: labelBoxes(
        { x: 20 + ((i * 53) % 740), y: 20 + ((i * 29) % 540), halfWidth: 8, halfHeight: 8 },
        { width: 50 + (i % 5) * 20, lines: 1 + (i % 2) },
        15,
        4,
      ),
    }));
    const placed = placeLabels(candidates, viewport);
    const kept = candidates
      .filter((c) => placed.has(c.id))
      .map((c) => c.boxes[['below', 'above', 'right', 'left'].indexOf(placed.get(c.id)!)]!);
    for (const [i, a] of kept.entries())
      for (const b of kept.slice(i + 1)) expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
    expect(kept.length).toBeGreaterThan(10);
  });

  it('keeps labels off other nodes and overlays, but not off their own node', () => {
    const label = one('a', 1, box(100, 100));
    expect(placeLabels([label], viewport, { obstacles: [{ id: 'b', box: box(150, 105, 10, 10) }] }).size).toBe(0);
    expect(placeLabels([label], viewport, { obstacles: [{ id: 'a', box: box(150, 105, 10, 10) }] }).size).toBe(1);
  });

  it('skips labels cut by the viewport edge and computes the four sides around a node', () => {
    expect(placeLabels([one('cut', 5, box(780, 10))], viewport).size).toBe(0);
    const [below, above, right, left] = labelBoxes(
      { x: 100, y: 100, halfWidth: 10, halfHeight: 10 },
      { width: 40, lines: 2 },
      15,
      4,
    );
    expect(below).toEqual({ x1: 78, y1: 112, x2: 122, y2: 146 });
    expect(above).toEqual({ x1: 78, y1: 54, x2: 122, y2: 88 });
    expect(right).toEqual({ x1: 112, y1: 83, x2: 156, y2: 117 });
    expect(left).toEqual({ x1: 44, y1: 83, x2: 88, y2: 117 });
  });
});
