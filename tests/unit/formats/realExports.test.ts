import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource } from '../../../src/ingest/normalize/normalizeSource.ts';
import type { ReferenceData } from '../../../src/ingest/normalize/ReferenceData.ts';
import { referenceLookup } from '../../../src/ingest/load/citations.ts';
import { parseScopusReferences } from '../../../src/ingest/parse/common/scopusReferences.ts';
import { scopusNotes } from '../../../src/ingest/parse/formats/ris/mapping.ts';
import { readRepoFile } from '../fixtures.ts';
import { formatFixture, readFixture } from './readFixture.ts';

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

describe('Scopus RIS (python-bibx example export, 2020)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'scopus-bibx.ris');
  it('reads every record: title, DOI, year, byline, journal', () => {
    expect([reader.format, problems]).toEqual(['ris', []]);
    expect(records.map((r) => [r.doi, r.year, r.authors.length, r.journal?.title])).toEqual([
      ['10.1063/5.0020407', 2020, 3, 'Journal of Applied Physics'],
      ['10.1049/el.2020.1324', 2020, 1, 'Electronics Letters'],
      ['10.3390/APP10175738', 2020, 2, 'Applied Sciences (Switzerland)'],
      ['10.1049/iet-com.2020.0245', 2020, 1, 'IET Communications'],
      ['10.3390/APP10155295', 2020, 2, 'Applied Sciences (Switzerland)'],
    ]);
  });
  it("keeps the Scopus EID of the record link in UR as the record's Scopus accession", () => {
    expect(records.map((r) => r.accessions)).toEqual([
      [{ scheme: 'scopus', id: '2-s2.0-85091557653' }],
      [{ scheme: 'scopus', id: '2-s2.0-85091416820' }],
      [{ scheme: 'scopus', id: '2-s2.0-85090397034' }],
      [{ scheme: 'scopus', id: '2-s2.0-85092173029' }],
      [{ scheme: 'scopus', id: '2-s2.0-85089652348' }],
    ]);
  });
  it("keeps the corresponding author's e-mail address Scopus adds after the name out of the name", () => {
    expect(records[3]?.authors).toEqual([
      { name: 'C.D. Nguyen', family: 'Nguyen', given: 'C.D.', affiliations: [], line: 162 },
    ]);
  });
  it('reads the cited references of the `N1  - References:` note, one per wrapped line, as printed', () => {
    // The lines of each note counted in the file: 64, 13, 17, 24 and 16; the last record's 7th
    // reference prints a `;` of its own ("1st ed.; Kluwer Academic: Norwell, MA, USA"), which cuts
    // it in two, as it does in the Scopus CSV's References cell.
    expect(records.map((r) => r.references.length)).toEqual([64, 13, 17, 24, 17]);
    const refs = records[0]!.references;
    expect(refs[0]).toEqual({
      text: 'Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518',
      firstAuthor: 'Mayergoyz, I.D.',
      year: 1986,
      journal: 'Phys. Rev. Lett.',
      volume: '56',
      firstPage: '1518',
    });
    expect(refs[1]).toMatchObject({
      firstAuthor: 'Preisach, F.',
      year: 1935,
      journal: 'Z. Phys.',
      volume: '94',
      firstPage: '277',
    });
    expect(refs[4]).toMatchObject({
      firstAuthor: 'Dobrot, C.-I.',
      year: 2013,
      journal: 'J. Appl. Phys.',
      volume: '113',
    });
    expect(refs[63]).toMatchObject({
      text: 'Skomski, R., Liu, J.P., Sellmyer, D.J., (1999) Phys. Rev. B, 60 (10), p. 7359',
      firstAuthor: 'Skomski, R.',
      year: 1999,
      journal: 'Phys. Rev. B',
      volume: '60',
      firstPage: '7359',
    });
    expect(records[4]!.references[0]).toMatchObject({
      firstAuthor: 'Richter, H.J.',
      title: 'Recording on bit-patterned media at densities of 1 Tb/in2 and beyond',
      year: 2006,
      journal: 'IEEE Trans. Magn.',
      volume: '42',
      firstPage: '2255',
    });
  });
  it('keys each cited work as the Scopus CSV reader keys the same References printed on one line', () => {
    // The CSV's References cell prints the same entries joined by "; " on one line; the RIS note
    // wraps them one per line. The cited works must be the same reference-only articles either way.
    for (const record of records) {
      const cell = record.references.map((r) => r.text).join('; ');
      const fromCsv = parseScopusReferences(cell);
      expect(fromCsv).toEqual(record.references);
      expect(record.references.map((r) => referenceLookup(r)?.keys)).toEqual(
        fromCsv.map((r) => referenceLookup(r)?.keys),
      );
    }
    expect(records[0]!.references.filter((r) => referenceLookup(r) !== undefined)).toHaveLength(64);
  });
  it('takes no Export Date, and no count of citing works where the export states none', () => {
    expect(records.map((r) => r.citedByCount)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('Scopus RIS (asreview citation-file-formatting baseline, 2024: all notes in one N1)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'scopus-asreview.ris');
  it('reads every record: DOI, year, byline, journal, Scopus EID', () => {
    expect([reader.format, problems]).toEqual(['ris', []]);
    expect(records.map((r) => [r.doi, r.year, r.authors.length, r.journal?.title, r.accessions?.[0]?.id])).toEqual([
      ['10.1038/s41467-024-46843-2', 2024, 8, 'Nature Communications', '2-s2.0-85189760133'],
      ['10.1002/ar.25209', 2024, 7, 'Anatomical Record', '2-s2.0-85151426146'],
      ['10.1038/s41598-022-15535-6', 2022, 3, 'Scientific Reports', '2-s2.0-85135785862'],
      ['10.7717/peerj.15453', 2023, 3, 'PeerJ', '2-s2.0-85164570541'],
      ['10.1080/14772019.2024.2346573', 2024, 3, 'Journal of Systematic Palaeontology', '2-s2.0-85198357522'],
      ['10.1038/s41598-023-39759-2', 2023, 6, 'Scientific Reports', '2-s2.0-85166599033'],
      ['10.1371/journal.pone.0298957', 2024, 7, 'PLoS ONE', '2-s2.0-85186989094'],
    ]);
  });
  it('reads the PubMed ID Scopus writes in C2 (the PubMed ID column of the same records exported as CSV)', () => {
    expect(records.map((r) => [r.pmid, r.pmcid])).toEqual([
      ['38580657', undefined],
      ['36971057', undefined],
      ['35953515', undefined],
      [undefined, undefined],
      [undefined, undefined],
      ['37542094', undefined],
      ['38446841', undefined],
    ]);
  });
  it('reads "Cited By: N" out of the one note that also holds the export date and correspondence addresses', () => {
    expect(records.map((r) => r.citedByCount)).toEqual([2, 4, 10, 0, 0, 4, 0]);
    // The correspondence address's own `;` and `email:` and the CODEN are no references, funders or counts.
    expect(records.map((r) => [r.references.length, r.funding])).toEqual(records.map(() => [0, undefined]));
  });
  it('cuts a note only at the labels Scopus writes', () => {
    const note =
      'Export Date: 05 August 2024; Cited By: 0; Correspondence Address: N.P. Myhrvold; Intellectual Ventures, Bellevue, United States; email: nathanm@intven.com; CODEN: POLNC';
    expect(scopusNotes(note)).toEqual([
      { label: 'export date', text: '05 August 2024' },
      { label: 'cited by', text: '0' },
      {
        label: 'correspondence address',
        text: 'N.P. Myhrvold; Intellectual Ventures, Bellevue, United States; email: nathanm@intven.com',
      },
      { label: 'coden', text: 'POLNC' },
    ]);
  });
});

describe('Zotero RIS (Embase records, CRLF)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'zotero-embase.ris');
  it('reads every record without carriage returns in the values', () => {
    expect([reader.format, problems]).toEqual(['ris', []]);
    expect(records.map((r) => [r.doi, r.year, r.authors.length])).toEqual([
      ['10.1038/s41467-024-48400-3', 2024, 4],
      ['10.1038/s41598-024-65283-y', 2024, 4],
      ['10.1111/cla.12583', 2024, 6],
      ['10.1038/s41598-024-56479-3', 2024, 4],
      ['10.1186/s12862-024-02216-3', 2024, 1],
    ]);
    expect(records[0]?.title).toBe(
      'Cellular structure of dinosaur scales reveals retention of reptile-type skin during the evolutionary transition to feathers',
    );
    expect(records[0]?.journal).toEqual({
      title: 'Nature Communications',
      abbreviation: 'Nat. Commun.',
      issns: [{ value: '2041-1723' }],
    });
    expect(records.flatMap((r) => [r.title, ...r.authors.map((a) => a.name)]).some((t) => t.includes('\r'))).toBe(
      false,
    );
  });
});

describe('Zotero BibTeX and CSL-JSON written by Better BibTeX', () => {
  it('BibTeX: reads the entries of a library imported from Papers 3 (date-added, local-url, uri fields)', async () => {
    const { reader, records, problems } = await readFixture('bibtex', 'zotero-bbt-papers3.bib');
    expect([reader.format, problems]).toEqual(['bibtex', []]);
    expect(records.map((r) => [r.doi, r.year, r.authors.length])).toEqual([
      ['10.1109/ISMAR.2004.8', 2004, 3],
      ['10.1145/2702123.2702290', 2015, 4],
      [undefined, 2016, 3],
      [undefined, 2003, 3],
      ['10.1145/344949.344988', 2000, 2],
    ]);
    expect(records[0]?.title).toBe(
      'Accuracy in Optical Tracking with Fiducial Markers: An Accuracy Function for ARToolKit',
    );
  });
  it('BibLaTeX: keeps the shortDOI of `doi` (`10/ggd754`) as the `shortdoi` accession; the entry has no DOI', async () => {
    const { reader, records, problems } = await readFixture('bibtex', 'zotero-bbt-shortdoi.biblatex');
    expect([reader.format, problems, records.length]).toEqual(['bibtex', [], 1]);
    const article = normalizeSource(records[0]!, reference);
    expect([article.doi, article.accessions, article.year, article.authorships.length]).toEqual([
      undefined,
      [{ scheme: 'shortdoi', id: '10/ggd754' }],
      2019,
      3,
    ]);
    expect(article.key.startsWith('doi:')).toBe(false);
  });
  it('CSL-JSON: reads all 26 items, years written as strings in `date-parts`; the DOI of the doi.org link in URL where DOI holds a shortDOI', async () => {
    const { reader, records, problems } = await readFixture('csl-json', 'zotero-bbt-sport.csl.json');
    expect([reader.format, problems]).toEqual(['csl-json', []]);
    expect(records).toHaveLength(26);
    expect(records.slice(0, 3).map((r) => [r.title.slice(0, 30), r.doi, r.year, r.authors.length])).toEqual([
      ['Perceptions of disability and ', '10.1177/0193723504268729', 2004, 1],
      ['Psychological distress and the', '10.1007/s11199-014-0385-5', 2014, 1],
      ['The contested terrain of alcoh', '10.1177/1012690214526399', 2016, 2],
    ]);
  });
  it("CSL-JSON: keeps every shortDOI `DOI` holds as the source's `shortdoi` accession, never as its DOI", async () => {
    const { records } = await readFixture('csl-json', 'zotero-bbt-sport.csl.json');
    const articles = records.map((r) => normalizeSource(r, reference));
    const shortDois = articles.flatMap((a, i) => (a.accessions ?? []).map((x) => [i, a.doi, x.scheme, x.id]));
    // Item 0: "DOI": "10/fqd6hj", "URL": "https://doi.org/10.1177/0193723504268729" -> both kept.
    expect(shortDois[0]).toEqual([0, '10.1177/0193723504268729', 'shortdoi', '10/fqd6hj']);
    // Items 5, 15 and 23: the shortDOI is their only identifier (URL is the publisher's page).
    expect(shortDois.filter(([, doi]) => doi === undefined)).toEqual([
      [5, undefined, 'shortdoi', '10/gfzrww'],
      [15, undefined, 'shortdoi', '10/gfzrwv'],
      [23, undefined, 'shortdoi', '10/gfzxgh'],
    ]);
    // Every one of the 15 shortDOIs of the file, and nothing else, is an accession.
    const items = JSON.parse(readRepoFile(formatFixture('csl-json', 'zotero-bbt-sport.csl.json'))) as Array<{
      DOI?: string;
    }>;
    const stated = items.flatMap((item, i) => (item.DOI ? [[i, item.DOI]] : []));
    expect(shortDois.map(([i, , , id]) => [i, id])).toEqual(stated);
    expect(stated).toHaveLength(15);
  });
});

describe('OpenAlex and Crossref API responses as the APIs sent them', () => {
  it('OpenAlex /works/W2741809807: byline with ORCIDs and institutions, 45 referenced works', async () => {
    const { reader, records, problems } = await readFixture('openalex', 'openalex-python-W2741809807.json');
    expect([reader.format, problems]).toEqual(['openalex', []]);
    const r = records[0];
    expect([r?.doi, r?.year, r?.authors.length, r?.references.length]).toEqual(['10.7717/peerj.4375', 2018, 9, 45]);
    expect(r?.authors[0]).toMatchObject({
      name: 'Heather Piwowar',
      orcid: 'https://orcid.org/0000-0003-1613-5981',
      affiliations: [{ text: 'Impactstory, Sanford, NC, USA', ror: 'https://ror.org/05ppvf150', countryCode: 'US' }],
    });
  });
  it('Crossref /works/{doi}: the byline and the 70 references', async () => {
    const { reader, records, problems } = await readFixture('crossref', 'habanero-work-plos.json');
    expect([reader.format, problems]).toEqual(['crossref', []]);
    expect(records.map((r) => [r.doi, r.year, r.authors.length, r.references.length])).toEqual([
      ['10.1371/journal.pone.0033693', 2012, 6, 70],
    ]);
  });
  it('Crossref /works?rows=2: both items, one without authors', async () => {
    const { reader, records, problems } = await readFixture('crossref', 'habanero-works-rows2.json');
    expect([reader.format, problems]).toEqual(['crossref', []]);
    expect(records.map((r) => [r.doi, r.authors.length])).toEqual([
      ['10.1007/978-3-658-17671-6_18-1', 2],
      ['10.1007/978-3-031-23161-2_300726', 0],
    ]);
  });
});
