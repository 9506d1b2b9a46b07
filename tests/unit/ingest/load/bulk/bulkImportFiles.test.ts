import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BulkGraph } from '../../../../../src/ingest/load/bulk/BulkGraph.ts';
import {
  ARRAY_DELIMITER,
  BLANK_LIST_PLACEHOLDER,
  BulkLoadError,
  EMPTY_LIST_PLACEHOLDER,
  fixupStatements,
  writeImportFiles,
} from '../../../../../src/ingest/load/bulk/writeImportFiles.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bulk-files-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('import files of the bulk path', () => {
  it('gives whole and fractional numbers of one property their own files, as the loader stores them as integers and floats', () => {
    const graph = new BulkGraph();
    graph.set(graph.mergeEntity('Article:a', ['Article', 'Entity']), { title: 'A', year: 2020 });
    graph.set(graph.mergeEntity('Article:b', ['Article', 'Entity']), { title: 'B', year: 2020.5 });
    const { files } = writeImportFiles(graph, scratch());
    const headers = files.filter((f) => f.kind === 'nodes').map((f) => readFileSync(f.file, 'utf8').split('\n')[0]);
    expect(headers.sort()).toEqual(['id:ID(Entity),title:string,year:double', 'id:ID(Entity),title:string,year:long']);
    expect(files.every((f) => f.tag === 'Article:Entity')).toBe(true);
  });

  it('quotes text (quotes doubled), leaves absent values empty and marks files with line breaks', () => {
    const graph = new BulkGraph();
    graph.set(graph.mergeEntity('Article:a', ['Article']), {
      title: 'Say "hi"\nagain',
      abstract: null,
      keywordsText: '',
    });
    graph.set(graph.mergeEntity('Article:b', ['Article']), { title: 'Plain' });
    const { files } = writeImportFiles(graph, scratch());
    const withBreak = files.find((f) => readFileSync(f.file, 'utf8').includes('Say'))!;
    expect(readFileSync(withBreak.file, 'utf8')).toBe(
      'id:ID(Entity),keywordsText:string,title:string\n"Article:a","","Say ""hi""\nagain"\n',
    );
    expect(withBreak.multiline).toBe(true);
    expect(files.find((f) => f !== withBreak)!.multiline).toBe(false);
  });

  it('writes lists with the unit separator, and the two lists the import tool cannot read as placeholders fixed afterwards', () => {
    const graph = new BulkGraph();
    graph.set(graph.mergeEntity('Journal:j', ['Journal', 'Entity']), {
      issns: ['1234-5678', '8765-4321'],
      issnTypes: [''],
      synonyms: [],
    });
    graph.createRelation('HAS_TOPIC', 'Article:a', 'Topic:t', { qualifiers: [], position: 1, major: true });
    const { files, placeholders } = writeImportFiles(graph, scratch());
    const journal = readFileSync(files.find((f) => f.tag === 'Entity:Journal')!.file, 'utf8');
    expect(journal).toContain(`"1234-5678${ARRAY_DELIMITER}8765-4321"`);
    expect(journal).toContain(`"${BLANK_LIST_PLACEHOLDER}"`);
    expect(journal).toContain(`"${EMPTY_LIST_PLACEHOLDER}"`);
    const topicLink = readFileSync(files.find((f) => f.tag === 'HAS_TOPIC')!.file, 'utf8');
    expect(topicLink).toBe(
      `:START_ID(Entity),:END_ID(Entity),major:boolean,position:long,qualifiers:string[]\n"Article:a","Topic:t",true,1,"${EMPTY_LIST_PLACEHOLDER}"\n`,
    );
    expect(placeholders).toEqual([
      { on: 'node', tag: 'Journal', property: 'issnTypes' },
      { on: 'node', tag: 'Journal', property: 'synonyms' },
      { on: 'relationship', tag: 'HAS_TOPIC', property: 'qualifiers' },
    ]);
    const statements = fixupStatements(placeholders);
    expect(statements).toHaveLength(2);
    expect(statements[1]).toContain('MATCH ()-[x:`HAS_TOPIC`]->()');
  });

  it('refuses a list element holding the list separator instead of splitting it', () => {
    const graph = new BulkGraph();
    graph.set(graph.mergeEntity('Article:a', ['Article']), { keywords: [`a${ARRAY_DELIMITER}b`] });
    expect(() => writeImportFiles(graph, scratch())).toThrow(BulkLoadError);
  });

  it('keeps aliases, their links and sources in their own id spaces', () => {
    const graph = new BulkGraph();
    graph.mergeEntity('Article:a', ['Article', 'Entity']);
    graph.mergeAliases('Article:a', ['doi:10.1/x']);
    graph.mergeAliases('Article:missing', ['doi:10.1/y']); // MATCH finds nothing: no alias
    graph.set(graph.mergeSource('Source:s'), { format: 'ris' });
    graph.mergeDescribes('Source:s', 'Article:a');
    const { files } = writeImportFiles(graph, scratch());
    const text = (tag: string) => readFileSync(files.find((f) => f.tag === tag)!.file, 'utf8');
    expect(text('Alias')).toBe('value:ID(Alias)\n"doi:10.1/x"\n');
    expect(text('ALIAS_OF')).toBe(':START_ID(Alias),:END_ID(Entity)\n"doi:10.1/x","Article:a"\n');
    expect(text('DESCRIBES')).toBe(':START_ID(Source),:END_ID(Entity)\n"Source:s","Article:a"\n');
    expect(graph.counts).toEqual({ nodes: 3, relationships: 2 });
  });
});
