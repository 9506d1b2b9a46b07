import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { retractImport } from '../../src/ingest/load/retractSources.ts';
import { normalizeIssn } from '../../src/identity/index.ts';
import { resetGraph } from '../helpers/testDatabase.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';

/**
 * A journal two sources describe differently (TEST DATA: fictional ISSNs, DOIs and PMIDs): a PubMed
 * record states its print and electronic ISSNs, its title and its abbreviation; a RIS export of
 * another of its articles states only the print ISSN, the title in capitals and another abbreviation. Whichever source is
 * retracted, the journal must be exactly what an import of the other one alone makes of it.
 */
const PRINT = '9999-0105';
const ELECTRONIC = '9999-0113';
const JOURNAL_ID = `Journal:issn:${PRINT}`;

const PUBMED = `<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">99100001</PMID>
    <Article PubModel="Print-Electronic">
      <Journal>
        <ISSN IssnType="Print">${PRINT}</ISSN>
        <JournalIssue CitedMedium="Print"><Volume>3</Volume><Issue>1</Issue><PubDate><Year>2022</Year></PubDate></JournalIssue>
        <Title>Journal of test journal facts</Title>
        <ISOAbbreviation>J Test Journal Facts</ISOAbbreviation>
      </Journal>
      <ArticleTitle>[TEST] A PubMed record of the journal facts test.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/test.jf.001</ELocationID>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Factual</LastName><ForeName>Petra</ForeName></Author>
      </AuthorList>
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
    </Article>
    <MedlineJournalInfo>
      <MedlineTA>J Test Journal Facts</MedlineTA>
    </MedlineJournalInfo>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList>
      <ArticleId IdType="pubmed">99100001</ArticleId>
      <ArticleId IdType="doi">10.9999/test.jf.001</ArticleId>
    </ArticleIdList>
  </PubmedData>
</PubmedArticle>
</PubmedArticleSet>
`.replace(
  '<ISSN IssnType="Print">',
  `<ISSN IssnType="Electronic">${ELECTRONIC}</ISSN>\n        <ISSN IssnType="Print">`,
);

const RIS = `TY  - JOUR
AU  - Factual, Rita
T1  - [TEST] A RIS record of the journal facts test
JF  - JOURNAL OF TEST JOURNAL FACTS
JA  - J. Test. J. Facts
SN  - ${PRINT}
PY  - 2023
DO  - 10.9999/test.jf.002
ER  - 
`;

const FILES = {
  pubmed: { name: 'tests/journal-facts.xml', text: PUBMED },
  ris: { name: 'tests/journal-facts.ris', text: RIS },
} as const;
type FileName = keyof typeof FILES;

let reference: ReferenceData;
const api = useTestApi(async () => {
  reference = await loadReferenceData();
});

async function importFile(file: FileName): Promise<ImportSummary> {
  const summary = await importRecords(api.db, [contentSource(FILES[file].name, FILES[file].text)], {
    reference,
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
  });
  expect(summary.rejected).toBe(0);
  return summary;
}

async function retract(summary: ImportSummary): Promise<void> {
  await retractImport(api.db, summary.importId, newImportContext({ importedBy: 'test', tool: 'test' }));
}

const JOURNAL_QUERY = `
query($id: ID!) {
  node(id: $id) {
    id
    ... on Journal { title localTitle abbreviation issn issns { value type } issnUrl links { kind identifier url } articles { totalCount } }
  }
  journals(first: 100) { totalCount edges { node { id title abbreviation issn issns { value type } } } }
  byElectronic: articles(filter: { journal: "${ELECTRONIC}" }) { totalCount }
  byPrint: articles(filter: { journal: "${PRINT}" }) { totalCount }
  byAbbreviation: articles(filter: { journal: "J Test Journal Facts" }) { totalCount }
  byRisAbbreviation: articles(filter: { journal: "J. Test. J. Facts" }) { totalCount }
}`;

/**
 * Everything the graph and the API say about the journal: its properties (all but `decidedAt`, the
 * time of the import that decided them, which differs between any two imports), its aliases, the
 * answers of `node` and `journals` and of lookups by each alias, plus the counts of the whole graph.
 */
async function journalPicture() {
  const [row] = await api.db.read<{ props: Record<string, unknown>; aliases: string[] }>(
    `MATCH (j:Journal {id: $id})
     RETURN properties(j) AS props, COLLECT { MATCH (al:Alias)-[:ALIAS_OF]->(j) RETURN al.value ORDER BY al.value } AS aliases`,
    { id: JOURNAL_ID },
  );
  expect(row).toBeDefined();
  const { decidedAt, ...props } = row!.props;
  expect(typeof decidedAt).toBe('string');
  const api_ = await query(api.handle, JOURNAL_QUERY, { id: JOURNAL_ID });
  return { props, aliases: row!.aliases, api: api_, counts: await graphCounts(api.db) };
}

/** What an import of the given files alone, into an empty graph, makes of the journal. */
async function pictureOf(...files: FileName[]) {
  await resetGraph(api.db);
  for (const file of files) await importFile(file);
  const picture = await journalPicture();
  await resetGraph(api.db);
  return picture;
}

type Picture = Awaited<ReturnType<typeof journalPicture>>;

describe('a journal after one of its sources is retracted', () => {
  let onlyRis: Picture;
  let onlyPubmed: Picture;
  let both: Picture;
  beforeAll(async () => {
    onlyRis = await pictureOf('ris');
    onlyPubmed = await pictureOf('pubmed');
    both = await pictureOf('ris', 'pubmed');
  }, 180_000);

  it('the two sources state different facts about one journal', () => {
    expect([PRINT, ELECTRONIC].map((i) => normalizeIssn(i))).toEqual([PRINT, ELECTRONIC]);
    // Otherwise nothing below could fail.
    expect(onlyRis.props).toMatchObject({
      title: 'JOURNAL OF TEST JOURNAL FACTS',
      abbreviation: 'J. Test. J. Facts',
      issns: [PRINT],
    });
    expect(onlyRis.props).not.toHaveProperty('localTitle'); // a property set to null is not stored
    expect(onlyPubmed.props).toMatchObject({
      title: 'Journal of test journal facts',
      abbreviation: 'J Test Journal Facts',
      issns: [PRINT, ELECTRONIC],
    });
    expect(both.props).toMatchObject({ title: 'Journal of test journal facts', abbreviation: 'J Test Journal Facts' });
    expect(both.aliases.length).toBeGreaterThan(onlyRis.aliases.length);
    expect(both.aliases.length).toBeGreaterThan(onlyPubmed.aliases.length);
    expect(both.aliases).toContain('j. test. j. facts');
    expect(onlyRis.api).toMatchObject({
      byElectronic: { totalCount: 0 },
      byPrint: { totalCount: 1 },
      byAbbreviation: { totalCount: 0 },
      byRisAbbreviation: { totalCount: 1 },
    });
    expect(onlyPubmed.api).toMatchObject({
      byElectronic: { totalCount: 1 },
      byPrint: { totalCount: 1 },
      byAbbreviation: { totalCount: 1 },
      byRisAbbreviation: { totalCount: 0 },
    });
    expect(both.api).toMatchObject({
      byElectronic: { totalCount: 2 },
      byPrint: { totalCount: 2 },
      byAbbreviation: { totalCount: 2 },
      byRisAbbreviation: { totalCount: 2 },
    });
  });

  it('links the aliases of every description when both records arrive in one write, as two writes do', async () => {
    await resetGraph(api.db);
    const summary = await importRecords(
      api.db,
      (['ris', 'pubmed'] as const).map((file) => contentSource(FILES[file].name, FILES[file].text)),
      {
        reference,
        context: newImportContext({ importedBy: 'test', tool: 'test' }),
      },
    );
    expect([summary.added, summary.rejected]).toEqual([2, 0]);
    const picture = await journalPicture();
    // One import node instead of two; everything else as the two imports make it.
    expect(picture.counts['Import']).toBe(1);
    expect({ ...picture, counts: { ...picture.counts, Import: 2 } }).toEqual(both);
  }, 120_000);

  it('retracting the PubMed import leaves exactly the journal the RIS export alone makes; a re-import restores it', async () => {
    await resetGraph(api.db);
    await importFile('ris');
    const pubmed = await importFile('pubmed');
    expect(await journalPicture()).toEqual(both);
    await retract(pubmed);
    expect(await journalPicture()).toEqual(onlyRis);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    await importFile('pubmed');
    expect(await journalPicture()).toEqual(both);
  }, 120_000);

  it('retracting the RIS import leaves exactly the journal PubMed alone makes; a re-import restores it', async () => {
    await resetGraph(api.db);
    const ris = await importFile('ris');
    await importFile('pubmed');
    await retract(ris);
    expect(await journalPicture()).toEqual(onlyPubmed);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    const again = await importFile('ris');
    expect(again.added).toBe(1);
    expect(await journalPicture()).toEqual(both);
  }, 120_000);

  it('does not depend on the order of the imports, and an identical second import changes nothing', async () => {
    await resetGraph(api.db);
    await importFile('pubmed');
    await importFile('ris');
    expect(await journalPicture()).toEqual(both);
    const [pubmed, ris] = [await importFile('pubmed'), await importFile('ris')];
    expect([pubmed.unchanged, ris.unchanged, pubmed.added + ris.added + pubmed.updated + ris.updated]).toEqual([
      1, 1, 0,
    ]);
    expect(await journalPicture()).toEqual(both);
  }, 120_000);

  it('a corrected record that no longer states the abbreviation and e-ISSN takes them off the journal', async () => {
    await resetGraph(api.db);
    await importFile('ris');
    await importFile('pubmed');
    // The same PubMed file, its record corrected to state the RIS export's journal (print ISSN, the title in capitals, no abbreviation).
    const corrected = PUBMED.replace(`<ISSN IssnType="Electronic">${ELECTRONIC}</ISSN>\n        `, '')
      .replace('<Title>Journal of test journal facts</Title>', '<Title>JOURNAL OF TEST JOURNAL FACTS</Title>')
      .replace(/<ISOAbbreviation>.*<\/ISOAbbreviation>/, '')
      .replace(/<MedlineJournalInfo>[\s\S]*<\/MedlineJournalInfo>/, '');
    const summary = await importRecords(api.db, [contentSource(FILES.pubmed.name, corrected)], {
      reference,
      context: newImportContext({ importedBy: 'test', tool: 'test' }),
    });
    expect(summary.updated).toBe(1);
    const picture = await journalPicture();
    // PubMed still decides (it outranks RIS), but states nothing RIS does not: the same aliases and answers.
    expect(picture.aliases).toEqual(onlyRis.aliases);
    expect(picture.props).toMatchObject({ title: 'JOURNAL OF TEST JOURNAL FACTS', issns: [PRINT] });
    expect(picture.props).not.toHaveProperty('abbreviation');
    expect(picture.api).toMatchObject({
      byElectronic: { totalCount: 0 },
      byPrint: { totalCount: 2 },
      byAbbreviation: { totalCount: 0 },
      byRisAbbreviation: { totalCount: 2 },
    });
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
  }, 120_000);

  it('is all or nothing: a retraction that fails while recomputing the journal leaves the graph as it was', async () => {
    await resetGraph(api.db);
    await importFile('ris');
    const pubmed = await importFile('pubmed');
    const before = await journalPicture();
    // A description the recomputation cannot read (as a corrupted store would give) fails the retraction
    // after the PubMed source was deleted inside its transaction.
    const [saved] = await api.db.write<{ facts: string }>(
      `MATCH (:Article {id: 'Article:doi:10.9999/test.jf.002'})-[r:PUBLISHED_IN]->() WITH r, r.facts AS facts SET r.facts = '{not json' RETURN facts`,
    );
    await expect(retract(pubmed)).rejects.toThrow();
    await api.db.write(
      `MATCH (:Article {id: 'Article:doi:10.9999/test.jf.002'})-[r:PUBLISHED_IN]->() SET r.facts = $facts`,
      { facts: saved!.facts },
    );
    expect(await journalPicture()).toEqual(before);
    const [left] = await api.db.read<{ sources: number }>(
      'MATCH (s:Source {importId: $id}) RETURN count(s) AS sources',
      { id: pubmed.importId },
    );
    expect(left!.sources).toBe(1);
    await retract(pubmed);
    expect(await journalPicture()).toEqual(onlyRis);
  }, 120_000);
});

/**
 * An author and an institution two sources describe differently (TEST DATA: ORCID's own test iD, a
 * fictional ROR id): PubMed names the author with family and given name and the institution by the
 * printed affiliation; OpenAlex names them its own way and gives the institution's country.
 */
const ORCID = '0000-0002-1825-0097';
const AUTHOR_ID = `Author:orcid:${ORCID}`;
const INSTITUTION_ID = 'Institution:ror:0test0147';

const ENTITY_PUBMED = `<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">99100002</PMID>
    <Article PubModel="Print">
      <Journal>
        <JournalIssue CitedMedium="Print"><Volume>4</Volume><PubDate><Year>2022</Year></PubDate></JournalIssue>
        <Title>Journal of entity facts tests</Title>
      </Journal>
      <ArticleTitle>[TEST] A PubMed record of the entity facts test.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/test.ef.001</ELocationID>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y">
          <LastName>Factual</LastName>
          <ForeName>Petra</ForeName>
          <Identifier Source="ORCID">https://orcid.org/${ORCID}</Identifier>
          <AffiliationInfo>
            <Affiliation>Institut für Faktenprüfung, Teststadt, Germany.</Affiliation>
            <Identifier Source="ROR">https://ror.org/0test0147</Identifier>
          </AffiliationInfo>
        </Author>
      </AuthorList>
      <Language>eng</Language>
    </Article>
  </MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
`;

const ENTITY_OPENALEX = JSON.stringify({
  id: 'https://openalex.org/W9999100901',
  doi: 'https://doi.org/10.9999/test.ef.002',
  title: '[TEST] An OpenAlex work of the entity facts test',
  publication_year: 2023,
  authorships: [
    {
      author_position: 'first',
      author: {
        id: 'https://openalex.org/A9999100901',
        display_name: 'Petra Q. Factual',
        orcid: `https://orcid.org/${ORCID}`,
      },
      institutions: [
        {
          id: 'https://openalex.org/I9999100901',
          display_name: 'Fact Checking Institute',
          ror: 'https://ror.org/0test0147',
          country_code: 'DE',
        },
      ],
      raw_affiliation_strings: ['Fact Checking Institute, Teststadt'],
      affiliations: [
        {
          raw_affiliation_string: 'Fact Checking Institute, Teststadt',
          institution_ids: ['https://openalex.org/I9999100901'],
        },
      ],
    },
  ],
});

const ENTITY_FILES = {
  pubmed: { name: 'tests/entity-facts.xml', text: ENTITY_PUBMED },
  openalex: { name: 'tests/entity-facts-openalex.json', text: ENTITY_OPENALEX },
} as const;
type EntityFile = keyof typeof ENTITY_FILES;

async function importEntityFile(file: EntityFile): Promise<ImportSummary> {
  const summary = await importRecords(api.db, [contentSource(ENTITY_FILES[file].name, ENTITY_FILES[file].text)], {
    reference,
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
  });
  expect(summary.rejected).toBe(0);
  return summary;
}

const ENTITY_QUERY = `
query($author: ID!, $institution: ID!) {
  author: node(id: $author) { id ... on Author { name familyName givenName orcid orcidUrl links { kind identifier url } articles { totalCount } } }
  institution: node(id: $institution) {
    id
    ... on Institution { name localName city postalCode country ror rorUrl links { kind identifier url } parent { id } authors { id } articles { totalCount } }
  }
  institutions(first: 100) { totalCount edges { node { id name country } } }
}`;

/** The author and the institution as the graph (properties but `decidedAt`, aliases) and the API show them, and the graph's counts. */
async function entityPicture() {
  const node = async (id: string) => {
    const [row] = await api.db.read<{ props: Record<string, unknown>; aliases: string[] }>(
      `MATCH (n:Entity {id: $id}) RETURN properties(n) AS props, COLLECT { MATCH (al:Alias)-[:ALIAS_OF]->(n) RETURN al.value ORDER BY al.value } AS aliases`,
      { id },
    );
    expect(row).toBeDefined();
    const { decidedAt, ...props } = row!.props;
    expect(typeof decidedAt).toBe('string');
    return { props, aliases: row!.aliases };
  };
  return {
    author: await node(AUTHOR_ID),
    institution: await node(INSTITUTION_ID),
    api: await query(api.handle, ENTITY_QUERY, { author: AUTHOR_ID, institution: INSTITUTION_ID }),
    counts: await graphCounts(api.db),
  };
}

async function entityPictureOf(...files: EntityFile[]) {
  await resetGraph(api.db);
  for (const file of files) await importEntityFile(file);
  const picture = await entityPicture();
  await resetGraph(api.db);
  return picture;
}

type EntityPicture = Awaited<ReturnType<typeof entityPicture>>;

describe('an author and an institution after one of their sources is retracted', () => {
  let onlyPubmed: EntityPicture;
  let onlyOpenalex: EntityPicture;
  let both: EntityPicture;
  beforeAll(async () => {
    onlyPubmed = await entityPictureOf('pubmed');
    onlyOpenalex = await entityPictureOf('openalex');
    both = await entityPictureOf('openalex', 'pubmed');
  }, 180_000);

  it('the two sources describe the author and the institution differently', () => {
    expect(onlyPubmed.author.props).toMatchObject({
      name: 'Petra Factual',
      familyName: 'Factual',
      givenName: 'Petra',
      orcid: ORCID,
    });
    expect(onlyOpenalex.author.props).toMatchObject({ name: 'Petra Q. Factual', orcid: ORCID });
    expect(onlyPubmed.institution.props).toMatchObject({ name: 'Institut für Faktenprüfung, Teststadt, Germany.' });
    expect(onlyPubmed.institution.props).not.toHaveProperty('country');
    expect(onlyOpenalex.institution.props).toMatchObject({ name: 'Fact Checking Institute', country: 'DE' });
    // PubMed decides both; the institution is found by either name.
    expect(both.author.props).toMatchObject({ name: 'Petra Factual', familyName: 'Factual' });
    expect(both.institution.props).toMatchObject({ name: 'Institut für Faktenprüfung, Teststadt, Germany.' });
    expect(both.institution.props).not.toHaveProperty('country');
    expect(both.institution.aliases).toEqual(
      expect.arrayContaining(['fact checking institute', 'institut für faktenprüfung, teststadt, germany.']),
    );
    expect(onlyPubmed.institution.aliases).not.toContain('fact checking institute');
  });

  it('retracting PubMed leaves exactly what OpenAlex alone states, and a re-import restores it', async () => {
    await resetGraph(api.db);
    await importEntityFile('openalex');
    const pubmed = await importEntityFile('pubmed');
    expect(await entityPicture()).toEqual(both);
    await retract(pubmed);
    expect(await entityPicture()).toEqual(onlyOpenalex);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    await importEntityFile('pubmed');
    expect(await entityPicture()).toEqual(both);
  }, 120_000);

  it('retracting OpenAlex leaves exactly what PubMed alone states, and a re-import restores it', async () => {
    await resetGraph(api.db);
    const openalex = await importEntityFile('openalex');
    await importEntityFile('pubmed');
    await retract(openalex);
    expect(await entityPicture()).toEqual(onlyPubmed);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    await importEntityFile('openalex');
    expect(await entityPicture()).toEqual(both);
    const again = [await importEntityFile('openalex'), await importEntityFile('pubmed')];
    expect(again.map((s) => s.unchanged)).toEqual([1, 1]);
    expect(await entityPicture()).toEqual(both);
  }, 120_000);
});
