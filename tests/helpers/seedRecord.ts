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
