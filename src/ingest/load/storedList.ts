/**
 * A list property as the loader stores it where an empty list says nothing: absent (null) instead of
 * []. The read path reads a missing list as [] (src/db/cypher/nodeFields.ts `texts`, coalesce in the
 * projections), and Neo4j's bulk importer cannot store an empty list at all, so a property that is
 * most often empty (a topic link's qualifiers, an article's publication types, a source's text-only
 * references) would cost the bulk path one write per node or relationship after the import
 * (src/ingest/load/bulk/writeImportFiles.ts) for no information.
 */
export function storedList<T>(list: readonly T[]): readonly T[] | null {
  return list.length > 0 ? list : null;
}
