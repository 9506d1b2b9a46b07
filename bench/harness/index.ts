/** The benchmarks' shared harness: a local Neo4j, the corpus, the machine, and where results go. */
export * from './neo4j.ts';
export * from './corpus.ts';
export * from './machine.ts';
export * from './results.ts';
