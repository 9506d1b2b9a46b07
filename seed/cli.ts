import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { seedFiles } from './seedFiles.ts';
import { readRecordFiles } from './read.ts';
import { loadReferenceData } from './normalize/loadReferenceData.ts';
import { prepareArticles } from './seedFiles.ts';

/**
 * `npm run seed -- <files or folders>`: loads WPRIM record files into the configured Neo4j
 * (or the local one). Every record is parsed before anything is written; a bad one stops the run
 * with its file, line and field.
 */
async function main(argv: string[]): Promise<number> {
  const paths = argv.filter((arg) => !arg.startsWith('--'));
  if (paths.length === 0 || argv.includes('--help')) {
    console.error('usage: npm run seed -- <record file or folder>... [--dry-run]');
    return paths.length === 0 ? 2 : 0;
  }
  const reference = await loadReferenceData();
  if (argv.includes('--dry-run')) {
    const articles = prepareArticles(await readRecordFiles(paths), reference);
    console.log(`${articles.length} record(s) parse and normalize cleanly; nothing written (--dry-run).`);
    return 0;
  }
  const config = loadConfig();
  const connection = await connect(config, (message) => console.error(message));
  const bar = new SingleBar({ format: 'loading {bar} {value}/{total} articles', stream: process.stderr }, Presets.shades_classic);
  try {
    const summary = await seedFiles(connection.db, paths, {
      reference,
      onPrepared: (total) => bar.start(total, 0),
      onProgress: (written) => bar.update(written),
    });
    bar.stop();
    console.log(`Loaded ${summary.articles} article(s) from ${summary.files} file(s) into ${connection.description}.`);
    return 0;
  } finally {
    bar.stop();
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Records are all parsed before the first write, and each batch is one transaction: a failure
    // leaves no partial article behind.
    console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
