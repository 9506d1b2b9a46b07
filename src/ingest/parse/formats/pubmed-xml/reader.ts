import { SaxesParser } from 'saxes';
import type {
  ReadResult,
  SourceAffiliation,
  SourceAuthor,
  SourceJournal,
  SourceRecord,
  SourceReference,
  SourceSubject,
} from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { MAX_RECORD_CHARS, oversizedReason } from '../../common/limits.ts';
import { displayName } from '../../common/personName.ts';
import { convertRecord, FieldError, problem } from '../../common/problems.ts';
import { cleanDoi, cleanPmcid, cleanPmid, issnType, nonEmpty, parsePages, parseYear } from '../../common/values.ts';
import { child, childrenNamed, descendantsNamed, textOf, type XmlElement } from '../../common/XmlElement.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * PubMed XML (`PubmedArticleSet`, from E-utilities efetch or PubMed's "Send to: File, XML"), streamed
 * with saxes (a maintained, conformant SAX parser that decodes entities and tracks lines). Each
 * `PubmedArticle` is collected into a small element tree, converted, and dropped, so memory holds
 * one record whatever the file size. Elements are those of NLM's "MEDLINE/PubMed XML Element
 * Descriptions"; what SourceRecord has no room for (grants, chemicals, comments/corrections,
 * history dates, NLM processing fields) is not kept.
 */

const RECORD_ELEMENTS = new Set(['PubmedArticle', 'PubmedBookArticle', 'DeleteCitation']);

function detect(head: string): boolean {
  return (
    /<(?:!DOCTYPE\s+)?PubmedArticleSet[\s>]/.test(head) ||
    /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<PubmedArticle[\s>]/.test(head)
  );
}

const yes = (v: string | undefined) => v === 'Y';

function affiliationOf(info: XmlElement): SourceAffiliation | undefined {
  const text = nonEmpty(textOf(child(info, 'Affiliation')));
  if (!text) return undefined;
  const aff: SourceAffiliation = { text };
  const ror = childrenNamed(info, 'Identifier').find((i) => i.attrs.Source?.toUpperCase() === 'ROR');
  const rorText = nonEmpty(textOf(ror));
  if (rorText) aff.ror = rorText;
  return aff;
}

function authorOf(a: XmlElement): SourceAuthor {
  const affiliations = childrenNamed(a, 'AffiliationInfo')
    .map(affiliationOf)
    .filter((x): x is SourceAffiliation => x !== undefined);
  const collectiveName = nonEmpty(textOf(child(a, 'CollectiveName')));
  const author: SourceAuthor = collectiveName
    ? { name: collectiveName, collective: true, affiliations, line: a.line }
    : (() => {
        const family = nonEmpty(textOf(child(a, 'LastName')));
        const given = nonEmpty(textOf(child(a, 'ForeName'))) ?? nonEmpty(textOf(child(a, 'Initials')));
        const suffix = nonEmpty(textOf(child(a, 'Suffix')));
        const out: SourceAuthor = { name: displayName({ given, family, suffix }), affiliations, line: a.line };
        if (family) out.family = family;
        if (given) out.given = given;
        return out;
      })();
  if (author.name === '')
    throw new FieldError('AuthorList/Author', 'an author has neither LastName nor CollectiveName', a.line);
  const orcid = childrenNamed(a, 'Identifier').find((i) => i.attrs.Source?.toUpperCase() === 'ORCID');
  const orcidText = nonEmpty(textOf(orcid));
  if (orcidText) author.orcid = orcidText;
  return author;
}

function meshOf(h: XmlElement): SourceSubject {
  const d = child(h, 'DescriptorName');
  const term = nonEmpty(textOf(d));
  if (!d || !term) throw new FieldError('MeshHeadingList/MeshHeading', 'a MeSH heading has no DescriptorName', h.line);
  const subject: SourceSubject = { kind: 'mesh', term, major: yes(d.attrs.MajorTopicYN) };
  if (d.attrs.UI) subject.meshId = d.attrs.UI;
  const qualifiers = childrenNamed(h, 'QualifierName').map((q) => {
    const out: { name: string; ui?: string; major?: boolean } = { name: textOf(q), major: yes(q.attrs.MajorTopicYN) };
    if (q.attrs.UI) out.ui = q.attrs.UI;
    return out;
  });
  if (qualifiers.length > 0) subject.qualifiers = qualifiers;
  return subject;
}

function idsOf(list: XmlElement | undefined): { pubmed?: string; doi?: string; pmc?: string } {
  const out: { pubmed?: string; doi?: string; pmc?: string } = {};
  for (const id of childrenNamed(list, 'ArticleId')) {
    const type = id.attrs.IdType;
    const value = nonEmpty(textOf(id));
    if (!value) continue;
    if (type === 'pubmed') out.pubmed ??= value;
    else if (type === 'doi') out.doi ??= value;
    else if (type === 'pmc') out.pmc ??= value;
  }
  return out;
}

function referenceOf(r: XmlElement): SourceReference | undefined {
  const ref: SourceReference = {};
  const text = nonEmpty(textOf(child(r, 'Citation')));
  if (text) ref.text = text;
  const ids = idsOf(child(r, 'ArticleIdList'));
  if (ids.pubmed) ref.pmid = cleanPmid(ids.pubmed);
  if (ids.doi) ref.doi = cleanDoi(ids.doi);
  if (ids.pmc) ref.pmcid = cleanPmcid(ids.pmc);
  return Object.keys(ref).length > 0 ? ref : undefined;
}

/** An Abstract element's text: its AbstractText sections, each after its label when it has one, one per line. */
function abstractOf(abstract: XmlElement | undefined): string | undefined {
  const sections = childrenNamed(abstract, 'AbstractText')
    .map((s) => {
      const text = textOf(s);
      const label = nonEmpty(s.attrs.Label);
      return label && text ? `${label}: ${text}` : text;
    })
    .filter((s) => s !== '');
  return sections.length > 0 ? sections.join('\n') : undefined;
}
function toRecord(root: XmlElement, file: string, index: number): SourceRecord {
  const citation = child(root, 'MedlineCitation');
  const article = child(citation, 'Article');
  if (!article) throw new FieldError('MedlineCitation/Article', 'the PubmedArticle has no Article element', root.line);
  const titleEl = child(article, 'ArticleTitle');
  const title = nonEmpty(textOf(titleEl));
  if (!title)
    throw new FieldError(
      'ArticleTitle',
      'the record has no title (ArticleTitle is missing or empty)',
      titleEl?.line ?? root.line,
    );

  const record = newRecord('pubmed-xml', file, index, root.line, title);
  const pubmedData = child(root, 'PubmedData');
  const articleIds = idsOf(child(pubmedData, 'ArticleIdList'));

  const pmid = nonEmpty(textOf(child(citation, 'PMID'))) ?? articleIds.pubmed;
  if (pmid) record.pmid = cleanPmid(pmid);
  const vernacular = nonEmpty(textOf(child(article, 'VernacularTitle')));
  if (vernacular) record.vernacularTitle = vernacular;

  const abstract = abstractOf(child(article, 'Abstract'));
  if (abstract) record.abstract = abstract;

  const language = nonEmpty(textOf(child(article, 'Language')));
  if (language) record.language = language;
  const country = nonEmpty(textOf(child(citation, 'MedlineJournalInfo', 'Country')));
  if (country) record.country = country;

  // The DOI: the publisher's ELocationID when valid, else the PubMed record's article id.
  const eloc = childrenNamed(article, 'ELocationID').find((e) => e.attrs.EIdType === 'doi' && e.attrs.ValidYN !== 'N');
  const doi = nonEmpty(textOf(eloc)) ?? articleIds.doi;
  if (doi) record.doi = cleanDoi(doi);
  if (articleIds.pmc) record.pmcid = cleanPmcid(articleIds.pmc);

  const journalEl = child(article, 'Journal');
  const issue = child(journalEl, 'JournalIssue');
  const journal: SourceJournal = { issns: [] };
  const journalTitle = nonEmpty(textOf(child(journalEl, 'Title')));
  if (journalTitle) journal.title = journalTitle;
  const abbreviation =
    nonEmpty(textOf(child(journalEl, 'ISOAbbreviation'))) ??
    nonEmpty(textOf(child(citation, 'MedlineJournalInfo', 'MedlineTA')));
  if (abbreviation) journal.abbreviation = abbreviation;
  for (const issn of childrenNamed(journalEl, 'ISSN')) {
    const value = nonEmpty(textOf(issn));
    const type = issnType(issn.attrs.IssnType);
    if (value) journal.issns.push(type ? { value, type } : { value });
  }
  const linking = nonEmpty(textOf(child(citation, 'MedlineJournalInfo', 'ISSNLinking')));
  if (linking) journal.issns.push({ value: linking, type: 'linking' });
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;

  const volume = nonEmpty(textOf(child(issue, 'Volume')));
  if (volume) record.volume = volume;
  const issueNo = nonEmpty(textOf(child(issue, 'Issue')));
  if (issueNo) record.issue = issueNo;
  const pubDate = child(issue, 'PubDate');
  const yearText = nonEmpty(textOf(child(pubDate, 'Year'))) ?? nonEmpty(textOf(child(pubDate, 'MedlineDate')));
  const year = parseYear(yearText) ?? parseYear(textOf(child(article, 'ArticleDate', 'Year')));
  if (year !== undefined) record.year = year;
  else if (yearText)
    throw new FieldError('JournalIssue/PubDate', `no year in the publication date "${yearText}"`, pubDate?.line);

  const pagination = child(article, 'Pagination');
  const start = nonEmpty(textOf(child(pagination, 'StartPage')));
  if (start) {
    record.firstPage = start;
    const end = nonEmpty(textOf(child(pagination, 'EndPage')));
    if (end) record.lastPage = end;
  } else {
    Object.assign(record, parsePages(textOf(child(pagination, 'MedlinePgn'))));
  }

  for (const list of childrenNamed(article, 'AuthorList')) {
    if (list.attrs.Type === 'editors') continue; // editors are not authors
    for (const a of childrenNamed(list, 'Author')) {
      if (a.attrs.ValidYN === 'N') continue; // an author name NLM marks as erroneous (corrected elsewhere in the list)
      record.authors.push(authorOf(a));
    }
  }

  const types = childrenNamed(child(article, 'PublicationTypeList'), 'PublicationType')
    .map(textOf)
    .filter((t) => t !== '');
  if (types.length > 0) record.publicationTypes = types;

  for (const h of childrenNamed(child(citation, 'MeshHeadingList'), 'MeshHeading')) record.subjects.push(meshOf(h));
  for (const list of childrenNamed(citation, 'KeywordList')) {
    for (const k of childrenNamed(list, 'Keyword')) {
      const term = nonEmpty(textOf(k));
      if (term) record.subjects.push({ kind: 'keyword', term });
    }
  }
  for (const r of descendantsNamed(pubmedData, 'Reference')) {
    const ref = referenceOf(r);
    if (ref) record.references.push(ref);
  }
  return record;
}

/**
 * A PubMed book record (`PubmedBookArticle`: a Bookshelf book or one of its chapters), read as the
 * MEDLINE reader reads the same record in MEDLINE text: the chapter's title (ArticleTitle), else the
 * book's (BookTitle); the chapter's authors, else the book's (editors are not authors); the book's
 * year, language, abstract, keywords and identifiers. A book has no journal.
 */
function bookRecord(root: XmlElement, file: string, index: number): SourceRecord {
  const doc = child(root, 'BookDocument');
  if (!doc) throw new FieldError('BookDocument', 'the PubmedBookArticle has no BookDocument element', root.line);
  const book = child(doc, 'Book');
  const titleEl = child(doc, 'ArticleTitle') ?? child(book, 'BookTitle');
  const title = nonEmpty(textOf(titleEl));
  if (!title)
    throw new FieldError(
      'ArticleTitle',
      'the book record has no title (neither ArticleTitle nor Book/BookTitle)',
      titleEl?.line ?? root.line,
    );
  const record = newRecord('pubmed-xml', file, index, root.line, title);
  const ids = idsOf(child(child(root, 'PubmedBookData'), 'ArticleIdList'));
  const docIds = idsOf(child(doc, 'ArticleIdList'));
  const pmid = nonEmpty(textOf(child(doc, 'PMID'))) ?? ids.pubmed;
  if (pmid) record.pmid = cleanPmid(pmid);
  const doi = docIds.doi ?? ids.doi;
  if (doi) record.doi = cleanDoi(doi);
  const pmc = docIds.pmc ?? ids.pmc;
  if (pmc) record.pmcid = cleanPmcid(pmc);
  const abstract = abstractOf(child(doc, 'Abstract'));
  if (abstract) record.abstract = abstract;
  const language = nonEmpty(textOf(child(doc, 'Language')));
  if (language) record.language = language;
  const yearText =
    nonEmpty(textOf(child(book, 'PubDate', 'Year'))) ?? nonEmpty(textOf(child(book, 'PubDate', 'MedlineDate')));
  const year = parseYear(yearText);
  if (year !== undefined) record.year = year;
  const authorLists = (el: XmlElement | undefined) =>
    childrenNamed(el, 'AuthorList').filter((l) => l.attrs.Type !== 'editors');
  const lists = authorLists(doc).length > 0 ? authorLists(doc) : authorLists(book);
  for (const list of lists) {
    for (const a of childrenNamed(list, 'Author')) {
      if (a.attrs.ValidYN === 'N') continue;
      record.authors.push(authorOf(a));
    }
  }
  const types = childrenNamed(doc, 'PublicationType')
    .map(textOf)
    .filter((t) => t !== '');
  if (types.length > 0) record.publicationTypes = types;
  for (const list of childrenNamed(doc, 'KeywordList')) {
    for (const k of childrenNamed(list, 'Keyword')) {
      const term = nonEmpty(textOf(k));
      if (term) record.subjects.push({ kind: 'keyword', term });
    }
  }
  for (const r of descendantsNamed(child(root, 'PubmedBookData'), 'Reference')) {
    const ref = referenceOf(r);
    if (ref) record.references.push(ref);
  }
  return record;
}

interface Collecting {
  root: XmlElement;
  stack: XmlElement[];
  startPosition: number;
  /** Element depth of the record's own start tag. */
  depth: number;
  oversized: boolean;
  index: number;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const out: ReadResult[] = [];
  let index = 0;
  let depth = 0;
  let rootName: string | undefined;
  let rec: Collecting | undefined;
  let failure: { line: number; column: number; message: string } | undefined;
  let sawRecordElement = false;

  parser.on('error', (e) => {
    failure ??= { line: parser.line, column: parser.column + 1, message: e.message.replace(/^\d+:\d+:\s*/, '') };
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (failure) return;
    const line = parser.line;
    if (depth === 1) {
      rootName = tag.name;
      if (tag.name !== 'PubmedArticleSet' && !RECORD_ELEMENTS.has(tag.name)) {
        failure = {
          line,
          column: parser.column,
          message: `expected the root element PubmedArticleSet, found <${tag.name}>`,
        };
        return;
      }
    }
    const isRecordStart =
      !rec && RECORD_ELEMENTS.has(tag.name) && (depth === 2 || (depth === 1 && tag.name !== 'PubmedArticleSet'));
    if (isRecordStart) {
      sawRecordElement = true;
      const root: XmlElement = { name: tag.name, attrs: { ...tag.attributes }, children: [], line };
      rec = { root, stack: [root], startPosition: parser.position, depth, oversized: false, index: index++ };
      return;
    }
    if (!rec || rec.oversized) return;
    if (parser.position - rec.startPosition > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.stack = [rec.root];
      rec.root.children = [];
      return;
    }
    const el: XmlElement = { name: tag.name, attrs: { ...tag.attributes }, children: [], line };
    (rec.stack[rec.stack.length - 1] as XmlElement).children.push(el);
    rec.stack.push(el);
  });
  parser.on('text', (text) => {
    if (!rec || rec.oversized || failure) return;
    if (parser.position - rec.startPosition > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.root.children = [];
      rec.stack = [rec.root];
      return;
    }
    (rec.stack[rec.stack.length - 1] as XmlElement).children.push(text);
  });
  parser.on('closetag', () => {
    const closing = depth--;
    if (!rec || failure) return;
    if (closing > rec.depth) {
      if (!rec.oversized) rec.stack.pop();
      return;
    }
    const done = rec;
    rec = undefined;
    const at = { file, index: done.index, line: done.root.line };
    if (done.oversized) {
      out.push(
        problem({
          ...at,
          field: done.root.name,
          reason: oversizedReason(),
        }),
      );
    } else if (done.root.name === 'PubmedBookArticle') {
      out.push(convertRecord(at, () => ({ ok: true, record: bookRecord(done.root, file, done.index) })));
    } else if (done.root.name === 'DeleteCitation') {
      out.push(
        problem({
          ...at,
          field: 'DeleteCitation',
          reason: 'a DeleteCitation list (PMIDs PubMed withdrew) is not a record and is not applied',
        }),
      );
    } else {
      out.push(convertRecord(at, () => ({ ok: true, record: toRecord(done.root, file, done.index) })));
    }
  });

  const broken = (): ReadResult =>
    problem({
      file,
      line: failure?.line,
      index: rec?.index,
      field: '(xml)',
      reason: `the XML is malformed at line ${failure?.line}, column ${failure?.column}: ${failure?.message}`,
    });

  for await (const chunk of chunks) {
    parser.write(chunk);
    yield* out.splice(0);
    if (failure) {
      yield broken();
      return;
    }
  }
  parser.close();
  yield* out.splice(0);
  if (failure) {
    yield broken();
    return;
  }
  if (!sawRecordElement && rootName === undefined) {
    yield problem({ file, line: 1, field: '(xml)', reason: 'the file has no XML root element (PubmedArticleSet)' });
  }
}

/** The PubMed XML reader. */
export const pubmedXmlReader: RecordReader = {
  format: 'pubmed-xml',
  extensions: ['xml'],
  detect,
  read,
};
