import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { READERS } from '../../src/ingest/index.ts';
import { FORMAT_PRECEDENCE } from '../../src/ingest/merge/precedence.ts';
import * as fieldLimits from '../../src/ingest/limits.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../src/ingest/parse/common/limits.ts';
import { exampleDocument } from '../../src/web/exampleOperations.ts';
import { loadTypeDefs } from '../../src/typeDefs.ts';
import { loadWriteConfig } from '../../src/write/writeConfig.ts';

/**
 * The statements of README.md and docs/ that drift when the code changes without them: the formats
 * and their limits, the example operations, the configuration variables, the source paths the pages
 * name, the links between pages, and the README's size. Each check reads the page and the code, so
 * a change to either side alone fails here.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const DOC_PAGES = readdirSync(path.join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);

/** The text of a page from a `## heading` to the next `## ` heading. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const end = text.indexOf('\n## ', start + heading.length + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The rows of the first Markdown table in `text`, as arrays of cells (header and rule left out). */
function tableRows(text: string): string[][] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) {
    rows.push(
      lines[i]!.slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** How the pages print a count or a size in characters. */
const printed = (n: number, unit = ''): string => `${n.toLocaleString('en')}${unit}`;

describe('docs/import-formats.md', () => {
  const page = read('docs/import-formats.md');
  /** `## RIS (`ris`)`: one section per format, named by the reader's format. */
  const sections = new Map(
    [...page.matchAll(/^## .+ \(`([a-z0-9-]+)`\)$/gm)].map((m) => [m[1]!, section(page, m[0].slice(3))]),
  );

  /** The record size limit: one for every reader (src/ingest/limits.ts). */
  const recordLimit = (): string => describeLimit(MAX_RECORD_CHARS);

  it('documents every reader, and no format without one', () => {
    expect([...sections.keys()].sort()).toEqual(READERS.map((reader) => reader.format).sort());
  });

  it("gives each format its reader's extensions and record size limit", () => {
    for (const reader of READERS) {
      const text = (sections.get(reader.format) ?? '').replace(/\s+/g, ' ');
      const extensions = /Extensions: ((?:`\.[a-z0-9]+`(?:, )?)+)\./.exec(text)?.[1];
      expect(
        extensions?.split(', ').map((e) => e.slice(2, -1)),
        reader.format,
      ).toEqual([...reader.extensions]);
      expect(/Largest record: ([^.]+)\./.exec(text)?.[1], reader.format).toBe(recordLimit());
    }
  });

  it('quotes the record size limits', () => {
    const rows = new Map(tableRows(section(page, 'Limits')).map(([what, limit]) => [what!, limit!]));
    expect([...rows.keys()]).toEqual(['every format']);
    expect(rows.get('every format')?.startsWith(`${recordLimit()} `)).toBe(true);
  });

  it('quotes every field limit a record is checked against', () => {
    const documented: Record<Exclude<keyof typeof fieldLimits, 'MAX_RECORD_CHARS'>, string> = {
      MAX_TITLE_CHARS: 'title (and vernacular title)',
      MAX_ABSTRACT_CHARS: 'abstract',
      MAX_AUTHORS: 'authors in one byline',
      MAX_AUTHOR_NAME_CHARS: 'one author name',
      MAX_AFFILIATIONS_PER_AUTHOR: 'affiliations of one author',
      MAX_AFFILIATION_CHARS: 'one affiliation',
      MAX_SUBJECTS: 'keywords and headings of one record',
      MAX_SUBJECT_CHARS: 'one keyword or heading',
      MAX_JOURNAL_TITLE_CHARS: 'journal title',
      MAX_SHORT_FIELD_CHARS: 'short fields (DOI, PMID, volume, issue, pages, language, country, publication type)',
      MAX_REFERENCES: 'references of one record',
    };
    // The second table of the section: what one record states.
    const limits = section(page, 'Limits');
    const rows = tableRows(limits.slice(limits.indexOf('whatever its format')));
    const expected = Object.entries(documented).map(([name, what]) => {
      const value = fieldLimits[name as keyof typeof documented];
      return [what, printed(value, name.endsWith('_CHARS') ? ' characters' : '')];
    });
    expect(rows).toEqual(expected);
    // A new limit in the code needs its row.
    expect(
      Object.keys(fieldLimits)
        .filter((name) => name !== 'MAX_RECORD_CHARS')
        .sort(),
    ).toEqual(Object.keys(documented).sort());
  });
});

describe('docs/data-model.md', () => {
  it('ranks every format as the merge does', () => {
    // Format names as the import formats page heads its sections: "RIS (`ris`)".
    const formatOf = new Map(
      [...read('docs/import-formats.md').matchAll(/^## (.+) \(`([a-z0-9-]+)`\)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    const ranks: Record<string, number> = {};
    for (const m of section(read('docs/data-model.md'), 'Precedence').matchAll(/^(\d+)\. \*\*([^*]+)\*\*/gm)) {
      for (const name of m[2]!.split(/ \/ |, /)) ranks[formatOf.get(name) ?? name] = Number(m[1]);
    }
    expect(ranks).toEqual({ ...FORMAT_PRECEDENCE });
  });
});

describe('docs/usage.md', () => {
  it('holds the example operations of the playground, operation for operation', () => {
    const block = /```graphql\n([\s\S]*?)```/.exec(section(read('docs/usage.md'), 'Example queries'))?.[1];
    expect(block, 'a ```graphql block under "## Example queries"').toBeDefined();
    expect(print(parse(block!))).toBe(print(parse(exampleDocument())));
  });
});

describe('docs/operations.md', () => {
  /** Every environment variable the service and the local Neo4j read, found in their sources. */
  function variablesInCode(): Set<string> {
    const names = new Set<string>();
    const files = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir)).flatMap((name) => {
        const file = `${dir}/${name}`;
        if (statSync(path.join(ROOT, file)).isDirectory())
          return name === 'client' || name === 'dist' || name === 'lib' || name === 'generated' ? [] : files(file);
        return file.endsWith('.ts') ? [file] : [];
      });
    for (const file of [...files('src'), ...files('neo4j-local')]) {
      const text = read(file);
      for (const m of text.matchAll(/\benv(?:\.|\[\s*['"])([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
      // The validated configuration names its variables as schema keys.
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:z|\w+Schema)\b/gm)) names.add(m[1]!);
      // The import worker pool reads its whole-number settings through one helper (checkPool.ts).
      for (const m of text.matchAll(/\bwhole\(\s*["']([A-Z][A-Z0-9_]+)["']/g)) names.add(m[1]!);
    }
    // Replaced in the browser bundles at build time; not a setting of the service.
    names.delete('NODE_ENV');
    return names;
  }

  const rows = tableRows(section(read('docs/operations.md'), 'Configuration'));
  const table = new Map(rows.map(([name, byDefault]) => [name!.replace(/`/g, ''), byDefault!]));

  it('lists every variable the code reads, and none it does not', () => {
    expect([...table.keys()].sort()).toEqual([...variablesInCode()].sort());
  });

  it("gives the code's defaults", () => {
    const config = loadConfig({});
    const write = loadWriteConfig({});
    const defaults: Record<string, string | number | boolean> = {
      NEO4J_USER: config.neo4jUser,
      PORT: config.port,
      HOST: config.host,
      QUERY_TIMEOUT_MS: config.queryTimeoutMs,
      LOCAL_NEO4J_DIR: config.localDataDir,
      SEED_ON_START: config.seedOnStart,
      LOG_LEVEL: config.logLevel,
      SOURCE_MAPS: config.sourceMappedStacks,
      UPLOAD_MAX_BYTES: write.uploadMaxBytes,
      READ_TOKENS_REQUIRED: write.readTokensRequired,
    };
    for (const [name, value] of Object.entries(defaults)) {
      expect(table.get(name)?.startsWith(`\`${value}\``), `${name} default ${value}: ${table.get(name)}`).toBe(true);
    }
  });
});

describe('README.md and docs/', () => {
  const pages = ['README.md', ...DOC_PAGES];

  it('README.md stays at most 12 KB', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThanOrEqual(12 * 1024);
  });

  it('README.md links every page of docs/', () => {
    const readme = read('README.md');
    for (const page of DOC_PAGES) expect(readme, page).toContain(`](${page})`);
  });

  it('name only source paths that exist', () => {
    for (const page of pages) {
      for (const m of read(page).matchAll(/`((?:src|seed|schema|tests|bench|neo4j-local|scripts)\/[\w./-]*)`/g)) {
        expect(existsSync(path.join(ROOT, m[1]!)), `${page}: ${m[1]}`).toBe(true);
      }
    }
  });

  it('show only GraphQL that is valid against the schema', () => {
    const schema = buildSchema(loadTypeDefs());
    let blocks = 0;
    for (const page of pages) {
      for (const m of read(page).matchAll(/```graphql\n([\s\S]*?)```/g)) {
        blocks += 1;
        expect(
          validate(schema, parse(m[1]!)).map((e) => e.message),
          `${page}: ${m[1]!.slice(0, 60)}`,
        ).toEqual([]);
      }
    }
    expect(blocks).toBeGreaterThan(1);
  });

  it('link to pages and headings that exist', () => {
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} -]/gu, '')
        .replace(/ /g, '-');
    for (const page of pages) {
      for (const m of read(page).matchAll(/\]\(([^)#\s]+\.md)(?:#([^)]+))?\)/g)) {
        const target = path.join(path.dirname(page), m[1]!);
        expect(existsSync(path.join(ROOT, target)), `${page} -> ${target}`).toBe(true);
        if (m[2]) {
          const headings = [...read(target).matchAll(/^#+ (.+)$/gm)].map((h) => slug(h[1]!));
          expect(headings, `${page} -> ${target}#${m[2]}`).toContain(m[2]);
        }
      }
    }
  });
});
