import type { MapNormalization } from '../graphql/generated/resolvers-types.ts';

/** A link as counted: node indexes and the raw count. */
export interface CountedLink {
  source: number;
  target: number;
  count: number;
}

/**
 * Normalized link strengths, in link order. With m the total count of all links, c_i the total
 * count of node i's links and w_i node i's occurrences:
 *
 * - ASSOCIATION_STRENGTH (VOSviewer's default; van Eck & Waltman, "How to normalize co-occurrence
 *   data?", 2009): s_ij = 2m c_ij / (c_i c_j), the count relative to what it would be if the two
 *   nodes linked at random in proportion to their totals (so 1 = as expected by chance).
 * - JACCARD: c_ij / (w_i + w_j - c_ij), the share of the two nodes' occurrences they have together.
 * - NONE: c_ij.
 */
export function normalizeStrengths(
  links: readonly CountedLink[],
  occurrences: readonly number[],
  normalization: MapNormalization,
): number[] {
  if (normalization === 'NONE') return links.map((link) => link.count);
  if (normalization === 'JACCARD') {
    return links.map((link) => {
      const union = (occurrences[link.source] ?? 0) + (occurrences[link.target] ?? 0) - link.count;
      // A union smaller than the shared count would mean occurrences undercounted; 1 is the most two sets can share.
      return union > 0 ? Math.min(1, link.count / union) : 1;
    });
  }
  const totals = new Map<number, number>();
  let m = 0;
  for (const link of links) {
    totals.set(link.source, (totals.get(link.source) ?? 0) + link.count);
    totals.set(link.target, (totals.get(link.target) ?? 0) + link.count);
    m += link.count;
  }
  return links.map((link) => (2 * m * link.count) / ((totals.get(link.source) ?? 1) * (totals.get(link.target) ?? 1)));
}
