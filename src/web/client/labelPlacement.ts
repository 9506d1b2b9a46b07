/**
 * Which node labels to draw, and on which side of their node, so that they never overlap: the
 * approach of Sigma.js / Gephi Lite (labels at one screen size, shown by importance while there is
 * room) instead of shrinking text until it is unreadable. Pure geometry, unit-tested without a browser.
 */

/** An axis-aligned rectangle in screen pixels. */
export type Box = { x1: number; y1: number; x2: number; y2: number };

/** Where a label sits around its node, in order of preference. */
export const LABEL_SIDES = ['below', 'above', 'right', 'left'] as const;
/** One side of {@link LABEL_SIDES}. */
export type LabelSide = (typeof LABEL_SIDES)[number];

/** A label that could be drawn: its node, importance, and its box on screen for each side. */
export type LabelCandidate = {
  id: string;
  /** Higher is placed first. */
  importance: number;
  /** Always drawn, below its node (the centre, the selected node), even if it overlaps. */
  forced?: boolean;
  /** The label's box for each side of {@link LABEL_SIDES}, in that order. */
  boxes: readonly Box[];
};

function inside(a: Box, b: Box): boolean {
  return a.x1 >= b.x1 && a.y1 >= b.y1 && a.x2 <= b.x2 && a.y2 <= b.y2;
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/**
 * Greedy placement: forced labels first, then by importance (ties by id, so the choice is stable
 * between redraws). Each label takes the first side whose box keeps `gap` pixels from every kept
 * label, lies wholly inside the viewport (a label cut by the edge is unreadable) and covers no
 * obstacle: other nodes' bodies (a label under a node is hidden by it) and panels drawn over the
 * canvas. A label with no such side is not drawn. Returns the side of every label drawn.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  viewport: Box,
  options: { gap?: number; obstacles?: readonly { id: string; box: Box }[] } = {},
): Map<string, LabelSide> {
  const gap = options.gap ?? 3;
  const obstacles = options.obstacles ?? [];
  const ordered = [...candidates].sort(
    (a, b) =>
      Number(Boolean(b.forced)) - Number(Boolean(a.forced)) ||
      b.importance - a.importance ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const kept: Box[] = [];
  const placed = new Map<string, LabelSide>();
  for (const candidate of ordered) {
    if (candidate.forced) {
      const box = candidate.boxes[0];
      if (!box || !overlaps(box, viewport, 0)) continue;
      kept.push(box);
      placed.set(candidate.id, 'below');
      continue;
    }
    const side = candidate.boxes.findIndex(
      (box) =>
        inside(box, viewport) &&
        !kept.some((other) => overlaps(other, box, gap)) &&
        !obstacles.some((obstacle) => obstacle.id !== candidate.id && overlaps(obstacle.box, box, 0)),
    );
    if (side < 0) continue;
    kept.push(candidate.boxes[side]!);
    placed.set(candidate.id, LABEL_SIDES[side]!);
  }
  return placed;
}

/**
 * The boxes of a label of `width` x `lines` text lines around a node centred at (x, y), for each
 * side of {@link LABEL_SIDES}, `margin` pixels from the node's edge.
 */
export function labelBoxes(
  node: { x: number; y: number; halfWidth: number; halfHeight: number },
  text: { width: number; lines: number },
  lineHeight: number,
  margin: number,
): Box[] {
  const height = text.lines * lineHeight;
  const pad = 2;
  const below = node.y + node.halfHeight + margin;
  const above = node.y - node.halfHeight - margin;
  const right = node.x + node.halfWidth + margin;
  const left = node.x - node.halfWidth - margin;
  return [
    { x1: node.x - text.width / 2 - pad, y1: below - pad, x2: node.x + text.width / 2 + pad, y2: below + height + pad },
    { x1: node.x - text.width / 2 - pad, y1: above - height - pad, x2: node.x + text.width / 2 + pad, y2: above + pad },
    { x1: right - pad, y1: node.y - height / 2 - pad, x2: right + text.width + pad, y2: node.y + height / 2 + pad },
    { x1: left - text.width - pad, y1: node.y - height / 2 - pad, x2: left + pad, y2: node.y + height / 2 + pad },
  ];
}
