/**
 * Moving between the nodes of the canvas with the arrow keys: from the focused node to the nearest
 * node lying in the pressed direction (within 60° either side of it, distance weighted by how far
 * off the direction it lies), so a keyboard user walks the drawing as a mouse user points at it.
 * Pure geometry, unit-tested without a browser.
 */

/** An arrow key's direction. */
export type Direction = 'up' | 'down' | 'left' | 'right';

/** A node's id and its position (screen or model coordinates, y pointing down). */
export type PlacedNode = { id: string; x: number; y: number };

const VECTORS: Readonly<Record<Direction, { dx: number; dy: number }>> = {
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
};

/** The arrow key names of `KeyboardEvent.key`, by direction. */
export const ARROW_KEYS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/**
 * The node to move to from `from` in `direction`, or null when no node lies that way. Candidates
 * lie within 60° of the direction; among them the one with the smallest distance times (1 + 2 ×
 * the sine of its angle off the direction) wins, ties by id so the walk is repeatable.
 */
export function nextNode(from: PlacedNode, nodes: readonly PlacedNode[], direction: Direction): string | null {
  const { dx, dy } = VECTORS[direction];
  let best: { id: string; score: number } | null = null;
  for (const node of nodes) {
    if (node.id === from.id) continue;
    const vx = node.x - from.x;
    const vy = node.y - from.y;
    const distance = Math.hypot(vx, vy);
    if (distance === 0) continue;
    const along = (vx * dx + vy * dy) / distance;
    if (along < Math.cos(Math.PI / 3)) continue;
    const off = Math.sqrt(Math.max(0, 1 - along * along));
    const score = distance * (1 + 2 * off);
    if (!best || score < best.score || (score === best.score && node.id < best.id)) best = { id: node.id, score };
  }
  return best?.id ?? null;
}
