import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource } from '../../../src/ingest/normalize/normalizeSource.ts';
import type { ReferenceData } from '../../../src/ingest/normalize/ReferenceData.ts';
import { readFixture } from './readFixture.ts';

let reference: ReferenceData;
beforeAll(async () => {
  reference = await loadReferenceData();
});

/**
 * Real exports of the databases bibliometric studies start from (tests/fixtures/formats/README.md
 * names each file's repository, commit and licence): each failed to read, or read wrongly, before.
 */

describe('Web of Science BibTeX (savedrecs.bib)', async () => {
  const { reader, records, problems } = await readFixture('bibtex', 'wos-savedrecs.bib');
  it('reads every record although WoS writes field names with parentheses (Usage-Count-(Last-180-days))', () => {
    expect(reader.format).toBe('bibtex');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.title.slice(0, 40), r.doi, r.year, r.authors.length])).toEqual([
      ['Untitled', '10.1016/j.ins.2003.10.003', 2003, 1],
      ['The framework for approximate queries on', '10.1016/S0020-0255(03)00185-3', 2003, 8],
      ['(Almost) Optimal parallel block access f', '10.1016/S0020-0255(03)00181-6', 2003, 2],
    ]);
  });
  it('reads the doubled-brace keyword list whole, KeyWords Plus and Times-Cited', () => {
    const r = records[2];
    expect(r?.subjects.map((s) => s.term)).toEqual([
      'multi-dimensional data',
      'parallel I/O',
      'declustering',
      'range queries',
      'DISK ALLOCATION',
      'FILES',
    ]);
    expect(records.map((x) => x.citedByCount)).toEqual([3, 0, 5]);
    expect(r?.journal).toMatchObject({ title: 'INFORMATION SCIENCES', issns: [{ value: '0020-0255' }] });
  });
});

describe('Scopus BibTeX', async () => {
  const { reader, records, problems } = await readFixture('bibtex', 'scopus.bib');
  it("is detected although the citation key holds an apostrophe (D'Ambrosio20171339)", () => {
    expect(reader.format).toBe('bibtex');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(3);
  });
  it('splits the comma-separated author list and links each author to the affiliations their letters name', () => {
    const r = records[0];
    expect(r?.authors.map((a) => [a.family, a.given, a.affiliations.map((x) => x.marker)])).toEqual([
      ["D'Ambrosio", 'A.', ['a']],
      ['Aria', 'M.', ['a']],
      ['Iorio', 'C.', ['b']],
      ['Siciliano', 'R.', ['b']],
    ]);
    expect(r?.authors[2]?.affiliations[0]?.text).toBe(
      'Department of Industrial Engineering, University of Naples Federico II, Italy',
    );
    expect(r?.affiliations).toBeUndefined();
    expect(records.map((x) => x.authors.length)).toEqual([4, 3, 6]);
    expect(records[2]?.authors[5]).toMatchObject({ family: 'Mignogna', given: 'M.D.' });
  });
  it('reads author keywords beside the indexed ones, and the cited-by note', () => {
    expect(records[1]?.subjects.map((s) => s.term)).toContain('smart innovation indicators');
    expect(records[0]?.citedByCount).toBe(0);
    expect([records[0]?.doi, records[0]?.year, records[0]?.firstPage, records[0]?.lastPage]).toEqual([
      '10.1016/j.eswa.2016.10.021',
      2017,
      '1339',
      '1351',
    ]);
  });
});

describe('Scopus BibTeX: several affiliation letters per author, a typographic apostrophe in the key', async () => {
  const { records, problems } = await readFixture('bibtex', 'scopus-affiliation-letters.bib');
  it('reads every entry, also the one keyed D’Aniello201643', () => {
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.doi, r.authors.length])).toEqual([
      ['10.1016/j.oooo.2016.02.011', 6],
      ['10.1007/s00441-015-2295-4', 7],
      ['10.1016/j.applanim.2015.11.003', 5],
    ]);
    expect(records[1]?.authors[0]).toMatchObject({ family: 'D’Aniello', given: 'B.' });
  });
  it('links an author with the letters `a  b  c` to each of those affiliations', () => {
    const r = records[0];
    expect(r?.authors.map((a) => [a.family, a.affiliations.map((x) => x.marker)])).toEqual([
      ['Celentano', ['a', 'b', 'c']],
      ['Tovaru', ['d']],
      ['Yap', ['b']],
      ['Adamo', ['a']],
      ['Aria', ['e']],
      ['Mignogna', ['a']],
    ]);
    expect(r?.authors[0]?.affiliations[1]?.text).toMatch(/^Melbourne Dental School/);
    expect(records[2]?.authors[0]?.affiliations.map((x) => x.marker)).toEqual(['a', 'b']);
  });
});

describe('Ovid RIS (ERIC on Ovid)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'ovid-eric.ris');
  it("skips Ovid's record numbers between records and reads every record", () => {
    expect(reader.format).toBe('ris');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.title.slice(0, 30), r.year, r.authors.length])).toEqual([
      ['Creationism and the Dinosaur B', 1989, 1],
      ['Dinosaurs and Other Dangers: N', 2017, 4],
      ['Learning with Dinosaurs: A Stu', 2017, 3],
      ['New Discoveries about Dinosaur', 1988, 1],
    ]);
    expect(records[1]?.journal?.title).toBe('International Journal for Research on Extended Education');
  });
});

describe('EBSCOhost RIS', async () => {
  it("takes the journal from JO/JF, not from T2 (where EBSCO writes the title's English translation)", async () => {
    const { records, problems } = await readFixture('ris', 'ebsco-envindex.ris');
    expect(problems).toEqual([]);
    const r = records.find((x) => x.title.startsWith('État de la connaissance'));
    expect(r?.journal?.title).toBe('Revue TED: Territoires, Environnement et Développement');
    expect(r?.journal?.abbreviation).toBeUndefined();
  });
  it('reads the DOI EBSCO writes in L3', async () => {
    const { records } = await readFixture('ris', 'ebsco-crimjust.ris');
    expect(records.map((r) => r.doi)).toEqual(['10.1080/16066359.2020.1867111', '10.1007/s10899-020-09951-4']);
  });
});

describe('ERIC MEDLINE (.nbib from eric.ed.gov)', async () => {
  const { reader, records, problems } = await readFixture('medline', 'eric.nbib');
  it('splits AU without FAU ("van Groen, Maaike M.") into family and given name, as RIS gives them', () => {
    expect(reader.format).toBe('medline');
    expect(problems).toEqual([]);
    expect(records[0]?.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Maaike M. van Groen', 'van Groen', 'Maaike M.'],
      ['Theo J. H. M. Eggen', 'Eggen', 'Theo J. H. M.'],
    ]);
  });
  it('reads the ISSN tag with its type and the DOI ERIC gives as a resolver URL in AID', () => {
    expect(records[0]?.journal).toEqual({
      title: 'Journal of Applied Testing Technology',
      issns: [{ value: '2375-5636', type: 'electronic' }],
    });
    expect(records[1]?.doi).toBe('10.1186/s40468-019-0086-7');
    expect(records.map((r) => r.year)).toEqual([2020, 2019, 2019]);
  });
});

describe('PubMed XML book record (PubmedBookArticle)', async () => {
  const { records, problems } = await readFixture('pubmed-xml', 'book-article.xml');
  it('is read, not rejected: title, authors, year, PMID, abstract, language', () => {
    expect(problems).toEqual([]);
    const r = records[0];
    expect([r?.title, r?.pmid, r?.year, r?.language, r?.journal]).toEqual([
      'Endocrinology: An Integrated Approach',
      '20821847',
      2001,
      'eng',
      undefined,
    ]);
    expect(r?.authors.map((a) => [a.family, a.given])).toEqual([
      ['Nussey', 'Stephen'],
      ['Whitehead', 'Saffron'],
    ]);
    expect(r?.abstract).toMatch(/^Endocrinology has been written/);
  });
});

describe('PubMed E-utilities efetch XML (PMIDs 27797938 and 29963580)', async () => {
  const tags = await readFixture('pubmed-xml', 'efetch-html-tags.xml');
  const mathml = await readFixture('pubmed-xml', 'efetch-mathml.xml');
  it('reads the title without its <i> markup, the whole byline, DOI and year', () => {
    expect(tags.problems).toEqual([]);
    expect(tags.records.map((r) => [r.title, r.doi, r.year, r.pmid, r.authors.length])).toEqual([
      [
        'Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer.',
        '10.1136/gutjnl-2016-312510',
        2017,
        '27797938',
        22,
      ],
    ]);
  });
  it('keeps the text of MathML in the abstract without its markup, and the 49 references', () => {
    expect(mathml.problems).toEqual([]);
    const r = mathml.records[0];
    expect([r?.doi, r?.year, r?.authors.length]).toEqual(['10.1117/1.JMI.5.2.026002', 2018, 9]);
    expect(r?.abstract).toContain('(3) ultrashort echo-time H 1 MRI proton density measurements');
    expect(r?.abstract).not.toMatch(/<|mml/);
    expect(r?.references).toHaveLength(49);
    expect(r?.references[0]).toEqual({ text: 'Radiology. 2015 Jan;274(1):250-9', pmid: '25144646' });
  });
});

describe('PubMed MeSH headings exported as keywords (RIS KW `Gambling/*epidemiology`)', async () => {
  const { records, problems } = await readFixture('ris', 'pubmed-mesh-keywords.ris');
  it('become the MeSH descriptor topic with its qualifiers and major flags, as MEDLINE MH does', () => {
    expect(problems).toEqual([]);
    const r = records.find((x) => x.subjects.some((s) => s.term === 'Gambling/*epidemiology'));
    if (!r) throw new Error('no record with the keyword Gambling/*epidemiology');
    const article = normalizeSource(r, reference);
    const gambling = article.topics.find((t) => t.name === 'Gambling');
    expect(gambling).toMatchObject({ key: 'mesh:D005715', meshId: 'D005715' });
    expect(gambling?.qualifiers?.map((q) => [q.name, q.major])).toEqual(
      expect.arrayContaining([['epidemiology', true]]),
    );
    expect(article.keywords).not.toContain('Gambling/*epidemiology');
    expect(article.topics.map((t) => t.name).filter((n) => n.includes('/') || n.startsWith('*'))).toEqual([]);
  });
  it('leave a keyword whose parts are no MeSH qualifiers as printed', () => {
    const r = records[0];
    if (!r) throw new Error('no record');
    const article = normalizeSource({ ...r, subjects: [{ kind: 'keyword', term: 'HIV/AIDS' }] }, reference);
    expect(article.keywords).toEqual(['HIV/AIDS']);
  });
});

describe("CSL-JSON from manubot and from Crossref's DOI content negotiation", () => {
  it("keeps the author ORCIDs Crossref's CSL states", async () => {
    const { reader, records, problems } = await readFixture('csl-json', 'crossref-content-negotiation.json');
    expect([reader.format, problems]).toEqual(['csl-json', []]);
    const r = records[0];
    expect(r?.authors[0]).toMatchObject({
      family: 'Ching',
      given: 'Travers',
      orcid: 'http://orcid.org/0000-0002-5577-3516',
    });
    expect(r?.authors.filter((a) => a.orcid !== undefined).length).toBe(36);
  });
  it('does not take CSL `number` (here an arXiv id) for the first page', async () => {
    const { records, problems } = await readFixture('csl-json', 'manubot-arxiv.json');
    expect(problems).toEqual([]);
    expect(records[0]?.title).toBe('Journal of Open Source Software (JOSS): design and first-year review');
    expect([records[0]?.firstPage, records[0]?.lastPage]).toEqual([undefined, undefined]);
  });
});

describe("MEDLINE OT with NLM's major-topic star (PMID 13054692)", async () => {
  const { records, problems } = await readFixture('medline', 'watson-crick.nbib');
  it('reads `OT  - *NUCLEIC ACIDS` as the keyword with its major flag, not a keyword starting with `*`', () => {
    expect(problems).toEqual([]);
    expect(records[0]?.subjects).toEqual([
      { kind: 'mesh', term: 'Nucleic Acids', major: true },
      { kind: 'keyword', term: 'NUCLEIC ACIDS', major: true },
    ]);
  });
});
