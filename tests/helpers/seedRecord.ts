/**
 * The seven keywords of the bundled record (seed/records), in its order: the WPRIM record and the
 * RIS and MEDLINE fixtures that describe the same article all state them, and so does the graph.
 */
export const SEED_RECORD_KEYWORDS: readonly string[] = [
  'Exosomes',
  'Mesenchymal stem cell',
  'Preterm',
  'Bronchopulmonary dysplasia',
  'Brain injury',
  'Necrotizing enterocolitis',
  'Retinopathy of prematurity',
];

/** The bundled record's citation (Chin J Appl Clin Pediatr 2021;36(21):1673-1676): year, volume, issue, first and last page. */
export const SEED_RECORD_CITATION: readonly unknown[] = [2021, '36', '21', '1673', '1676'];

/** A record's or article's citation in the order of SEED_RECORD_CITATION. */
export function citationOf(
  r: Partial<Record<'year' | 'volume' | 'issue' | 'firstPage' | 'lastPage', unknown>> | undefined,
): unknown[] {
  return [r?.year, r?.volume, r?.issue, r?.firstPage, r?.lastPage];
}
