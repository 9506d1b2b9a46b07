import { describe, expect, it } from 'vitest';
import { openAlexReader } from '../../../src/ingest/parse/formats/openalex/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe('OpenAlex reader on a real single-work response (/works/W2741809807)', async () => {
  const { reader, records, problems } = await readFixture('openalex', 'openalex-python-W2741809807.json');
  const r = records[0];
  it('reads ids, year, language, type, biblio and cited-by count as the API states them', () => {
    expect([reader.format, problems, records.length]).toEqual(['openalex', [], 1]);
    expect([r?.openalexId, r?.doi, r?.pmid, r?.year, r?.language, r?.publicationTypes]).toEqual([
      'W2741809807',
      '10.7717/peerj.4375',
      '29456894',
      2018,
      'en',
      ['article'],
    ]);
    // ids.pmcid is the PMC article URL with the number alone.
    expect(r?.pmcid).toBe('PMC5815332');
    expect([r?.volume, r?.issue, r?.firstPage, r?.lastPage, r?.citedByCount]).toEqual([
      '6',
      undefined,
      'e4375',
      'e4375',
      962,
    ]);
  });
  it('reads every author with ORCID and links the raw affiliation string to its institution', () => {
    expect(r?.authors.map((a) => a.orcid)).toHaveLength(9);
    expect(r?.authors[2]).toMatchObject({ name: 'Vincent Larivière', orcid: 'https://orcid.org/0000-0002-2733-0689' });
    expect(r?.authors[1]?.affiliations).toEqual([
      {
        text: 'Impactstory, Sanford, NC, USA',
        ror: 'https://ror.org/05ppvf150',
        institutionName: 'Impact Technology Development (United States)',
        countryCode: 'US',
      },
    ]);
  });
  it('keeps topics, keywords and concepts with their scores, and rebuilds the abstract in word order', () => {
    const scored = new Map(r?.subjects.filter((x) => x.kind === 'openalex').map((x) => [x.term, x.score]));
    expect(scored.get('scientometrics and bibliometrics research')).toBe(0.9969);
    expect(scored.get('Citation')).toBe(0.68818974);
    expect(r?.abstract).toMatch(
      /^Despite growing interest in Open Access \(OA\) to scholarly literature, there is an unmet need for large-scale/,
    );
  });
  it('keeps the 45 referenced works in the order given', () => {
    expect(r?.references).toHaveLength(45);
    expect(r?.references.slice(0, 3)).toEqual([
      { openalexId: 'W1560783210' },
      { openalexId: 'W1724212071' },
      { openalexId: 'W1767272795' },
    ]);
  });
});

describe('OpenAlex reader on an API list response', async () => {
  const { reader, records, problems } = await readFixture('openalex', 'works.json', 128);
  const seed = byTitle(records, 'Study progress');
  const test2 = byTitle(records, '[TEST] Probiotics');

  it('is detected as OpenAlex and reads the results', () => {
    expect(reader.format).toBe('openalex');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.origin.index, r.origin.line, r.openalexId])).toEqual([
      [0, 4, 'W9999000001'],
      [1, 108, 'W9999000002'],
    ]);
  });
  it('reads ids, year, language, type, biblio and cited-by count', () => {
    expect([seed.doi, seed.pmid, seed.year, seed.language, seed.publicationTypes]).toEqual([
      '10.3760/cma.j.cn101070-20200616-01000',
      '99000001',
      2021,
      'zh',
      ['review'],
    ]);
    expect([seed.volume, seed.issue, seed.firstPage, seed.lastPage, seed.citedByCount]).toEqual([
      '36',
      '21',
      '1673',
      '1676',
      7,
    ]);
    expect(test2.pmcid).toBe('PMC9900002');
  });
  it('links raw affiliation strings to their institutions (ROR, name, country) per author', () => {
    expect(seed.authors.map((a) => [a.name, a.orcid])).toEqual([
      ['Haoming Chen', 'https://orcid.org/0000-0001-9999-0013'],
      ['Qingfei Hao', undefined],
      ['Xiuyong Cheng', undefined],
    ]);
    expect(seed.authors[0]?.affiliations).toEqual([
      {
        text: 'Department of Neonatology, the First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China',
        ror: 'https://ror.org/0test0341',
        institutionName: 'First Affiliated Hospital of Zhengzhou University',
        countryCode: 'CN',
      },
      {
        text: '[TEST] Second Test Laboratory of Neonatal Medicine, Zhengzhou 450052, China',
        ror: 'https://ror.org/0test0244',
        institutionName: 'Test Laboratory of Neonatal Medicine',
        countryCode: 'CN',
      },
    ]);
    expect(seed.authors[2]?.affiliations).toEqual([]);
  });
  it('older records: one raw string owns all institutions; with several strings no link is invented', () => {
    expect(test2.authors[0]?.affiliations.map((a) => [a.text, a.institutionName, a.ror])).toEqual([
      [
        'Institut für Testmedizin, Universität Teststadt, Teststadt, Germany.',
        'Universität Teststadt',
        'https://ror.org/0test0147',
      ],
      ['Institut für Testmedizin, Universität Teststadt, Teststadt, Germany.', 'Institut für Testmedizin', undefined],
    ]);
    expect(test2.authors[1]?.affiliations.map((a) => [a.text, a.ror])).toEqual([
      ['Servicio de Neonatología, Hospital de Prueba, Madrid, Spain.', undefined],
      ['Departamento de Pediatría, Universidad de Prueba, Madrid, Spain.', undefined],
      ['Hospital de Prueba', 'https://ror.org/0test0244'],
    ]);
    expect(test2.authors[2]?.name).toBe('张伟');
  });
  it('reads the source with ISSN-L and ISSNs and the publisher', () => {
    expect(seed.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      publisher: 'Chinese Medical Association',
      issns: [{ value: '2095-428X', type: 'linking' }, { value: '2095-428X' }],
    });
  });
  it('groups MeSH rows per descriptor with qualifiers and major flags', () => {
    expect(seed.subjects.filter((s) => s.kind === 'mesh')).toEqual([
      {
        kind: 'mesh',
        term: 'Exosomes',
        meshId: 'D055354',
        major: true,
        qualifiers: [{ name: 'metabolism', ui: 'Q000378', major: false }],
      },
      {
        kind: 'mesh',
        term: 'Enterocolitis, Necrotizing',
        meshId: 'D020345',
        qualifiers: [{ name: 'therapy', ui: 'Q000628', major: true }],
      },
      { kind: 'mesh', term: 'Humans', meshId: 'D006801', major: false },
    ]);
  });
  it('keeps topics, keywords and concepts once each, with scores', () => {
    expect(seed.subjects.filter((s) => s.kind === 'openalex').map((s) => [s.term, s.score])).toEqual([
      ['Neonatal Health and Biochemistry', 0.9987],
      ['Extracellular vesicles in disease', 0.9811],
      ['Exosomes', 0.71],
      ['Medicine', 0.51],
    ]);
  });
  it('rebuilds the abstract from the inverted index in word order', () => {
    expect(seed.abstract).toBe(
      'Although great progress has been made in perinatal and neonatal medicine, the morbidity the mortality remain high.',
    );
  });
  it('keeps referenced works as stated: a full record, a self-citation, a reference-only work, a duplicate', () => {
    expect(seed.references).toEqual([
      { openalexId: 'W9999000002' },
      { openalexId: 'W9999000001' },
      { openalexId: 'W9999000099' },
      { openalexId: 'W9999000002' },
    ]);
    expect(test2.references).toEqual([]);
  });
});

describe("OpenAlex reader on the snapshot's JSON Lines", () => {
  it('reads one work per line, with line numbers, and names bad lines with their JSON path', async () => {
    const { records, problems } = await readFixture('openalex', 'works.jsonl');
    expect(records.map((r) => [r.origin.line, r.origin.index, r.openalexId, r.title.slice(0, 24)])).toEqual([
      [1, 0, 'W9999000003', '[TEST] Snapshot line one'],
      [2, 1, 'W9999000004', '[TEST] Snapshot line two'],
    ]);
    expect(records[0]?.journal).toEqual({
      title: 'Journal of Test Neonatology',
      publisher: 'Test Publisher',
      issns: [{ value: '9999-0008', type: 'linking' }, { value: '9999-0008' }],
    });
    expect(records[0]?.references).toEqual([{ openalexId: 'W9999000001' }, { openalexId: 'W9999000003' }]);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/openalex/works.jsonl',
        line: 4,
        index: 2,
        item: 3,
        field: 'title',
        reason: 'the work has no title (title or display_name)',
      },
      {
        file: 'tests/fixtures/formats/openalex/works.jsonl',
        line: 5,
        index: 3,
        item: 4,
        field: 'authorships[0].author.orcid',
        reason: 'expected a string, found a number (42)',
      },
    ]);
  });
  it('names where a cut-off array breaks', async () => {
    const { records, problems } = await readFixture('openalex', 'malformed.json');
    expect(records).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: '(json)', line: 12 });
    expect(problems[0]?.reason).toContain('the file may be cut off');
  });
  it('names an invalid JSON line and goes on with the next', async () => {
    const text = '{"id":"W1","title":"A"}\n{"id":"W2","title":\n{"id":"W3","title":"C"}\n';
    const { records, problems } = await readAll(openAlexReader, text, 'x.jsonl');
    expect(records.map((r) => r.openalexId)).toEqual(['W1', 'W3']);
    expect(problems).toMatchObject([{ line: 2, index: 1, field: '(json)' }]);
  });
  it('reads JSON Lines whose first line is too long to probe through the streaming tokenizer, with the same lines', async () => {
    const long = 'word '.repeat(20_000);
    const text = `{"id":"W1","title":"A","x":"${long}"}\n{"id":"W2","title":"B"}\n\n{"id":"W3","title":"C"}\n`;
    const { records, problems } = await readAll(openAlexReader, text, 'x.jsonl', 4096);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.openalexId, r.origin.line, r.origin.index])).toEqual([
      ['W1', 1, 0],
      ['W2', 2, 1],
      ['W3', 4, 2],
    ]);
  });
  it('rejects an inverted index with a non-numeric position', async () => {
    const { problems } = await readAll(
      openAlexReader,
      '[{"title":"T","abstract_inverted_index":{"word":["x"]}}]',
      'x.json',
    );
    expect(problems).toMatchObject([
      { field: 'abstract_inverted_index.word', reason: 'expected word positions (whole numbers), found "x"' },
    ]);
  });
});
