/**
 * One colour and one shape per entity type, shared by the explorer page
 * (Cytoscape.js styles and legend) and by the exports that can carry a
 * visual hint (GEXF `viz:color`, graphology/Sigma `color`), so a graph looks
 * the same in the browser, in Gephi and in Sigma.
 */
export type EntityStyle = {
  /** Hex colour, `#rrggbb`. */
  color: string;
  /** A Cytoscape.js node shape name. */
  shape: string;
  /** Human-readable name for legends. */
  title: string;
};

/** Styles keyed by the GraphQL `EntityType` name. */
export const ENTITY_STYLES: Readonly<Record<string, EntityStyle>> = {
  ARTICLE: { color: '#3b6fb6', shape: 'round-rectangle', title: 'Article' },
  AUTHOR: { color: '#e8871e', shape: 'ellipse', title: 'Author' },
  INSTITUTION: { color: '#2f9e62', shape: 'hexagon', title: 'Institution' },
  JOURNAL: { color: '#8e5bb5', shape: 'barrel', title: 'Journal' },
  TOPIC: { color: '#d64550', shape: 'diamond', title: 'Topic' },
};

/** Used for a type not in {@link ENTITY_STYLES} (forward compatibility). */
export const FALLBACK_ENTITY_STYLE: EntityStyle = { color: '#7a7f87', shape: 'ellipse', title: 'Other' };

/** The style of an entity type, falling back to a neutral grey. */
export function entityStyle(type: string): EntityStyle {
  return ENTITY_STYLES[type] ?? FALLBACK_ENTITY_STYLE;
}

/** `#rrggbb` to its red, green and blue components (0-255). */
export function hexToRgb(hex: string): { r: number; g: number; b: number } {
  const value = Number.parseInt(hex.replace(/^#/, ''), 16);
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff };
}

/** How an edge of one relationship type is drawn: colour and dash, shared by the explorer's style and its legend. */
export type RelationStyle = {
  /** Hex colour of the line and arrow, `#rrggbb`. */
  color: string;
  /** Cytoscape.js `line-style`. */
  dash: 'solid' | 'dashed' | 'dotted';
  /** Human-readable name for legends. */
  title: string;
};

/**
 * Styles keyed by relationship type. Each colour echoes the type of node the edge leads to or
 * from (orange for authorship, green for institutions, ...), and the topic-to-topic relations,
 * which all join red topics, differ by dash so they stay apart in grey scale too.
 */
export const RELATION_STYLES: Readonly<Record<string, RelationStyle>> = {
  AUTHORED: { color: '#e8a15c', dash: 'solid', title: 'authored' },
  AFFILIATED_WITH: { color: '#5fb98a', dash: 'solid', title: 'affiliated with' },
  PART_OF: { color: '#2f9e62', dash: 'dotted', title: 'part of' },
  PUBLISHED_IN: { color: '#a585c6', dash: 'solid', title: 'published in' },
  HAS_TOPIC: { color: '#e48b92', dash: 'solid', title: 'has topic' },
  BROADER: { color: '#7a7f87', dash: 'dashed', title: 'broader' },
  // Article to article: the article blue, the arrow pointing at the cited work.
  CITES: { color: '#6f93c9', dash: 'solid', title: 'cites' },
  DERIVED_FROM: { color: '#2b8a9e', dash: 'dashed', title: 'derived from' },
  COMPLICATION_OF: { color: '#b3261e', dash: 'dotted', title: 'complication of' },
};

/** Used for a relationship type not in {@link RELATION_STYLES}. */
export const FALLBACK_RELATION_STYLE: RelationStyle = { color: '#b4bac6', dash: 'solid', title: 'related' };
