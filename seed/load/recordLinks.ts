/**
 * Deletes what a record of article `a` links it to (journal, topics, byline), before the links are
 * written anew from its sources, or when its last record goes and it stays only as a cited work.
 */
export const DELETE_RECORD_LINKS = `CALL (a) {
    OPTIONAL MATCH (a)-[old:PUBLISHED_IN|HAS_TOPIC]->()
    DELETE old
  }
  CALL (a) {
    OPTIONAL MATCH (a)<-[old:AUTHORED]-()
    DELETE old
  }`;
