/**
 * Which node labels to draw so that they never overlap: the approach of Sigma.js / Gephi Lite
 * (labels at one screen size, shown by importance while there is room) instead of shrinking text
 * until it is unreadable. Pure geometry, unit-tested without a browser.
 */

/** A label that could be drawn: its node, importance, and its box on screen in pixels. */
export type LabelCandidate = {
  id: string;
  /** Higher is placed first. */
  importance: number;
  /** Always drawn (the centre, the selected or hovered node), even if it overlaps. */
  forced?: boolean;
  box: Box;
};

/** An axis-aligned rectangle in screen pixels. */
export type Box = { x1: number; y1: number; x2: number; y2: number };

function inside(a: Box, b: Box): boolean {
  return a.x1 >= b.x1 && a.y1 >= b.y1 && a.x2 <= b.x2 && a.y2 <= b.y2;
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/**
 * Greedy placement: forced labels first, then by importance (ties by id, so the choice is stable
 * between redraws); a label is kept when its box keeps `gap` pixels from every kept box and lies
 * wholly inside the viewport (a label cut by the edge is unreadable; forced ones are kept anyway).
 * `obstacles` are the other nodes' bodies: a label under a node would be hidden by it.
 */
export function placeLabels(candidates: readonly LabelCandidate[], viewport: Box, gap = 3, obstacles: readonly { id: string; box: Box }[] = []): Set<string> {
  const ordered = [...candidates].sort(
    (a, b) => Number(Boolean(b.forced)) - Number(Boolean(a.forced)) || b.importance - a.importance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const kept: Box[] = [];
  const shown = new Set<string>();
  for (const candidate of ordered) {
    if (
      !candidate.forced &&
      (!inside(candidate.box, viewport) ||
        kept.some((box) => overlaps(box, candidate.box, gap)) ||
        obstacles.some((obstacle) => obstacle.id !== candidate.id && overlaps(obstacle.box, candidate.box, 0)))
    ) {
      continue;
    }
    if (candidate.forced && !overlaps(candidate.box, viewport, 0)) continue;
    kept.push(candidate.box);
    shown.add(candidate.id);
  }
  return shown;
}

/**
 * The box of a label drawn centred below a node: `width` and `lines` of text of `lineHeight`
 * pixels, `margin` pixels under the node's bottom edge.
 */
export function labelBoxBelow(node: { x: number; y: number; halfHeight: number }, text: { width: number; lines: number }, lineHeight: number, margin: number): Box {
  const top = node.y + node.halfHeight + margin;
  return { x1: node.x - text.width / 2 - 2, y1: top - 2, x2: node.x + text.width / 2 + 2, y2: top + text.lines * lineHeight + 2 };
}
