import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedArticle, SourceRecord } from '../../../../src/ingest/model.ts';
import { loadReferenceData } from '../../../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource } from '../../../../src/ingest/normalize/normalizeSource.ts';
import type { ReferenceData } from '../../../../src/ingest/normalize/ReferenceData.ts';
import { parseWprimText } from '../../../../src/ingest/parse/formats/wprim/parseWprimRecord.ts';
import { mergeStatements, type SourceStatement } from '../../../../src/ingest/merge/mergeStatements.ts';
import { byPrecedence, FORMAT_PRECEDENCE } from '../../../../src/ingest/merge/precedence.ts';
import { sameAuthor } from '../../../../src/ingest/merge/sameAuthor.ts';
import { statedArticle } from '../../../../src/ingest/load/loadStatements.ts';
import { pubmedLikeSeedRecord } from '../../../helpers/pubmedLikeRecord.ts';
import { readRepoFile, SEED_FILE } from '../../fixtures.ts';
import { SEED_RECORD_KEYWORDS } from '../../../helpers/seedRecord.ts';

let reference: ReferenceData;
let wprim: NormalizedArticle;
let pubmed: NormalizedArticle;

const statement = (
  id: string,
  article: NormalizedArticle,
  importedAt = '2025-01-01T00:00:00.000Z',
): SourceStatement => ({
  id,
  format: article.origin.format,
  file: article.origin.file,
  importedAt,
  article: statedArticle(article),
});

beforeAll(async () => {
  reference = await loadReferenceData();
  wprim = normalizeSource(parseWprimText(readRepoFile(SEED_FILE), SEED_FILE), reference);
  pubmed = normalizeSource(pubmedLikeSeedRecord(), reference);
});

describe('the precedence order', () => {
  it('puts NLM-curated PubMed/MEDLINE first and reference-manager exports last', () => {
    expect(
      Object.entries(FORMAT_PRECEDENCE)
        .sort((a, b) => a[1] - b[1])
        .map(([format]) => format),
    ).toEqual([
      'pubmed-xml',
      'medline',
      'crossref',
      'wos',
      'scopus-csv',
      'wprim',
      'openalex',
      'lens-csv',
      'dimensions-csv',
      'ris',
      'bibtex',
      'csl-json',
      'endnote',
      'refworks',
      'noteexpress',
      'cnki-estudy',
    ]);
  });
  it('breaks ties by the newer import, then by id', () => {
    const a = { id: 'src:a', format: 'ris' as const, importedAt: '2025-01-01T00:00:00.000Z' };
    const b = { id: 'src:b', format: 'ris' as const, importedAt: '2025-02-01T00:00:00.000Z' };
    const c = { id: 'src:c', format: 'ris' as const, importedAt: '2025-02-01T00:00:00.000Z' };
    const d = { id: 'src:d', format: 'crossref' as const, importedAt: '2020-01-01T00:00:00.000Z' };
    expect(byPrecedence([a, c, b, d]).map((s) => s.id)).toEqual(['src:d', 'src:b', 'src:c', 'src:a']);
  });
});

describe('merging the WPRIM seed record with a PubMed record of the same article', () => {
  const merged = () => mergeStatements([statement('src:wprim', wprim), statement('src:pubmed', pubmed)]);

  it('takes each field from the most trusted source that states it, and says which', () => {
    const { fields, fieldSources } = merged();
    expect(fields.title).toBe(pubmed.title);
    expect(fields.language).toBe('chi');
    expect(fields.abstract).toBe(wprim.abstract);
    expect(fields.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
    expect([
      fields.doi,
      fields.pmid,
      fields.year,
      fields.volume,
      fields.issue,
      fields.firstPage,
      fields.lastPage,
    ]).toEqual(['10.3760/cma.j.cn101070-20200616-01000', '99999901', 2021, '36', '21', '1673', '1676']);
    expect(fieldSources).toMatchObject({
      title: 'src:pubmed',
      language: 'src:pubmed',
      abstract: 'src:wprim',
      vernacularTitle: 'src:wprim',
      pmid: 'src:pubmed',
    });
    expect(fields.sourceFile).toBe('tests/pubmed-like-seed.xml');
  });
  it('accumulates identifiers, keywords and publication types over the sources', () => {
    const view = merged();
    expect(view.identifiers).toEqual(['doi:10.3760/cma.j.cn101070-20200616-01000', 'pmid:99999901']);
    expect(view.fields.keywords).toEqual(SEED_RECORD_KEYWORDS);
    expect(view.fields.publicationTypes).toEqual(['Journal Article', 'Review']);
  });
  it('keeps one byline, the most trusted one, with the same people of the other source merged in', () => {
    const { authorships } = merged();
    expect(authorships.map((w) => [w.position, w.author.key, w.author.name, w.sources])).toEqual([
      [1, 'haoming chen', 'Haoming Chen', ['src:pubmed', 'src:wprim']],
      [2, 'qingfei hao', 'Qingfei Hao', ['src:pubmed', 'src:wprim']],
      [3, 'orcid:0000-0002-1825-0097', 'Xiuyong Cheng', ['src:pubmed', 'src:wprim']],
    ]);
    const first = authorships[0]!;
    expect(first.affiliations).toEqual([
      'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.',
      '郑州大学第一附属医院新生儿科,郑州 450052',
    ]);
    expect(first.institutionKeys).toEqual([
      expect.stringMatching(/^aff:/),
      'dept-neonatology-1st-affiliated-hospital-zzu',
    ]);
    expect(first.markers).toEqual(['1']);
  });
  it('accumulates topics over the sources, each with its sources, major flag and qualifiers', () => {
    const { topics } = merged();
    expect(topics.map((t) => [t.topic.key, t.sources, t.topic.major ?? null])).toEqual([
      ['mesh:D055354', ['src:pubmed', 'src:wprim'], true],
      ['mesh:D059630', ['src:pubmed', 'src:wprim'], true],
      ['mesh:D007234', ['src:pubmed', 'src:wprim'], false],
      ['mesh:D006801', ['src:pubmed'], false],
      ['mesh:D001997', ['src:pubmed', 'src:wprim'], false],
      ['mesh:D001930', ['src:wprim'], null],
      ['mesh:D020345', ['src:wprim'], null],
      ['mesh:D012178', ['src:wprim'], null],
    ]);
    expect(topics[4]?.topic.qualifiers).toEqual([{ name: 'therapy', ui: 'Q000628', major: true }]);
    expect(topics[3]?.topic.name).toBe('Humans');
  });
  it('takes the journal from the most trusted source, with every ISSN it is known by', () => {
    const { journal } = merged();
    expect(journal?.entity).toMatchObject({
      key: 'issn:2095-428X',
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      issn: '2095-428X',
    });
    expect(journal?.entity.issns).toEqual([
      { value: '2095-428X', type: 'linking' },
      { value: '2095-428X', type: 'print' },
    ]);
    expect(journal?.sources).toEqual(['src:pubmed', 'src:wprim']);
    expect(journal?.rank).toBe(0);
  });
  it('lists each institution the byline needs once, curated parents included', () => {
    expect(merged().institutions.map((i) => i.entity.key)).toEqual([
      expect.stringMatching(/^aff:/),
      'dept-neonatology-1st-affiliated-hospital-zzu',
      '1st-affiliated-hospital-zzu',
      'zzu',
    ]);
  });
  it('does not depend on the order the sources come in', () => {
    expect(mergeStatements([statement('src:pubmed', pubmed), statement('src:wprim', wprim)])).toEqual(merged());
  });
});

describe('byline merging', () => {
  const withAuthors = (
    format: SourceRecord['origin']['format'],
    names: Array<{ name: string; orcid?: string; family?: string; given?: string }>,
  ) =>
    normalizeSource(
      {
        origin: { format, file: `${format}.x`, index: 0 },
        title: 'T',
        authors: names.map((n) => ({ ...n, affiliations: [] })),
        subjects: [],
        references: [],
      },
      reference,
    );
  it('keeps authors of another source that match no one out of the byline (they stay visible in sources)', () => {
    const crossref = withAuthors('crossref', [{ name: 'Ann Lee' }, { name: 'Bo Chan' }]);
    const ris = withAuthors('ris', [{ name: 'Lee, Ann' }, { name: 'Somebody Else' }, { name: 'Third Person' }]);
    const view = mergeStatements([statement('src:c', crossref), statement('src:r', ris)]);
    expect(view.authorships.map((w) => [w.author.name, w.sources])).toEqual([
      ['Ann Lee', ['src:c', 'src:r']],
      ['Bo Chan', ['src:c']],
    ]);
  });
  it('never merges two different ORCIDs, whatever the names', () => {
    const a = withAuthors('crossref', [{ name: 'Ann Lee', orcid: '0000-0002-1825-0097' }]);
    const b = withAuthors('openalex', [{ name: 'Ann Lee', orcid: '0000-0002-1694-233X' }]);
    expect(mergeStatements([statement('src:a', a), statement('src:b', b)]).authorships[0]?.sources).toEqual(['src:a']);
  });
});

describe('sameAuthor', () => {
  const author = (name: string, extra: { orcid?: string; familyName?: string; givenName?: string } = {}) => ({
    key: name.toLowerCase(),
    name,
    ...extra,
  });
  it('matches names up to case, accents, punctuation and order', () => {
    expect(sameAuthor(author('Haoming CHEN'), author('Haoming Chen'))).toBe(true);
    expect(sameAuthor(author('Haoming CHEN'), author('Hao-Ming Chen'))).toBe(true);
    expect(sameAuthor(author('José Núñez'), author('Jose Nunez'))).toBe(true);
    expect(sameAuthor(author('Chen Haoming'), author('Haoming Chen'))).toBe(true);
  });
  it('matches an initial against a given name when the family names agree', () => {
    expect(
      sameAuthor(
        author('H Chen', { familyName: 'Chen', givenName: 'H' }),
        author('Haoming CHEN', { familyName: 'CHEN', givenName: 'Haoming' }),
      ),
    ).toBe(true);
    expect(
      sameAuthor(
        author('Q Chen', { familyName: 'Chen', givenName: 'Q' }),
        author('Haoming CHEN', { familyName: 'CHEN', givenName: 'Haoming' }),
      ),
    ).toBe(false);
  });
  it('tells different people apart', () => {
    expect(sameAuthor(author('Wei ZHANG'), author('Li WANG'))).toBe(false);
  });
});
