"""Reads bibliographic export files with parsers that share no code with ours, one JSON line per record.

Usage: python independent.py <folder>/<format>/<file>...   (the format is the name of the file's folder)

Each line: {"file", "index" (0-based position in the file), "parser", "title", "doi", "year", "authors"},
or {"file", "error"} when the parser could not read the file. Values are as the parser returns them
(title and DOI unnormalized, year as text); the comparison normalizes both sides alike (compare.ts).

Parsers (the versions are printed by --versions):
- RIS: rispy; BibTeX: bibtexparser 1.x (LaTeX converted to Unicode by its own customization);
- Web of Science plain text: metaknowledge; tab-delimited Web of Science, Scopus, Lens and Dimensions
  CSV: the csv module, by the vendor's column names;
- MEDLINE (PubMed, ERIC): Bio.Medline; PubMed XML: Bio.Entrez.read, or xml.etree when Biopython refuses
  the file's DTD address (it accepts only https addresses at NCBI);
- CSL-JSON, OpenAlex, Crossref: json, by the formats' field names;
- EndNote/Refer tagged text and RefWorks tagged text (CNKI, Wanfang): no maintained Python library reads
  them, so a few lines here split them by their tags (%A/%T/%D/%R; RT/A1/T1/YR/DO).

NoteExpress (`.net`) and CNKI E-Study exports have no parser here: no maintained one exists, and one
written here would not be independent. compare.ts declares them not compared (NOT_COMPARED), and the
run does not hand their files to this script.
"""

import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET


def emit(file, index, parser, title, doi, year, authors):
    print(json.dumps({"file": file, "index": index, "parser": parser, "title": title, "doi": doi,
                      "year": None if year is None else str(year), "authors": authors}, ensure_ascii=False))


def first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- RIS ---------------------------------------------------------------------------------------
def ris(file, path):
    import rispy
    with open(path, encoding="utf-8-sig") as f:
        entries = rispy.load(f, skip_unknown_tags=False, enforce_list_tags=False)
    for i, e in enumerate(entries):
        title = e.get("title") or e.get("primary_title")
        authors = len(e.get("authors") or []) + len(e.get("first_authors") or [])
        year = e.get("year") or e.get("publication_year")
        emit(file, i, "rispy", title, e.get("doi"), year, authors)


# --- BibTeX ------------------------------------------------------------------------------------
def bibtex(file, path):
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.customization import convert_to_unicode

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    parser.customization = convert_to_unicode
    db = bibtexparser.loads(read_text(path), parser=parser)
    for i, e in enumerate(db.entries):
        names = [n for n in re.split(r"\s+and\s+", e.get("author", "").strip()) if n.strip()]
        year = e.get("year") or (e.get("date") or "")[:4] or None
        emit(file, i, "bibtexparser", e.get("title"), e.get("doi"), year, len(names))


# --- Web of Science ----------------------------------------------------------------------------
def wos(file, path):
    text = read_text(path)
    # The byline: persons (AF, else AU) and group authors (CA), as MEDLINE's AU and CN below.
    if "\t" in text.split("\n", 1)[0]:
        return tab_delimited(
            file, text, "TI", "DI", "PY", lambda row: split(row.get("AU"), ";") + split(row.get("CA"), ";")
        )
    import metaknowledge

    records = sorted(metaknowledge.RecordCollection(path), key=lambda r: r.sourceLine)
    for i, r in enumerate(records):
        authors = r.get("authorsFull") or r.get("authorsShort") or []
        groups = r.get("CA") or []
        groups = [groups] if isinstance(groups, str) else groups
        emit(file, i, "metaknowledge", r.get("title"), r.get("DOI"), r.get("year"), len(authors) + len(groups))


def split(value, separator):
    return [p for p in (value or "").split(separator) if p.strip()]


def tab_delimited(file, text, title, doi, year, authors):
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for i, row in enumerate(rows):
        emit(file, i, "csv (tab-delimited)", row.get(title), row.get(doi), row.get(year), len(authors(row)))


# --- CSV exports -------------------------------------------------------------------------------
def csv_rows(text, must_have):
    """The rows under the header line (Dimensions writes a line about the export above it)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines[:5]) if must_have in l), 0)
    return csv.DictReader(io.StringIO("".join(lines[start:])))


def scopus_csv(file, path):
    for i, row in enumerate(csv_rows(read_text(path), "Title")):
        ids = split(row.get("Author(s) ID"), ";")
        # Scopus lists its author ids one per author (";"-separated); without them, the names column:
        # "; " between authors in the current layout, ", " in the older one ("Yagai T., Kimura Y.",
        # each name "Family I." without a comma of its own).
        names = row.get("Authors") or ""
        authors = len(ids) if ids else len(split(names, ";" if ";" in names else ", "))
        if row.get("Authors", "").strip() in ("[No author name available]",):
            authors = 0
        emit(file, i, "csv", row.get("Title"), row.get("DOI"), row.get("Year"), authors)


def lens_csv(file, path):
    for i, row in enumerate(csv_rows(read_text(path), "Title")):
        emit(file, i, "csv", row.get("Title"), row.get("DOI"), row.get("Publication Year"),
             len(split(row.get("Author/s"), ";")))


def dimensions_csv(file, path):
    for i, row in enumerate(csv_rows(read_text(path), "Title")):
        authors = row.get("Authors") or row.get("Authors (Raw Affiliation)") or ""
        emit(file, i, "csv", row.get("Title"), row.get("DOI"), row.get("PubYear") or row.get("Publication Year"),
             len(split(authors, ";")))


# --- MEDLINE and PubMed XML ----------------------------------------------------------------------
def medline(file, path):
    from Bio import Medline

    with open(path, encoding="utf-8-sig") as f:
        for i, r in enumerate(Medline.parse(f)):
            # An LID line may hold several ids, each followed by its type: "S0892-0362(16)30001-0 [pii] 10.1016/... [doi]".
            ids = [m for v in (r.get("LID"), *(r.get("AID") or [])) if v for m in re.findall(r"(\S+) \[doi\]", v)]
            doi = ids[0] if ids else None
            year = re.search(r"\d{4}", r.get("DP", "")) if r.get("DP") else None
            authors = len(r.get("AU") or r.get("FAU") or []) + len(r.get("CN") or [])
            emit(file, i, "Bio.Medline", r.get("TI"), doi, year.group(0) if year else None, authors)


def text_of(element):
    return "".join(element.itertext()) if element is not None else None


def pubmed_xml(file, path):
    from Bio import Entrez

    try:
        with open(path, "rb") as f:
            data = Entrez.read(f, validate=False)
        parser = "Bio.Entrez.read"
    except ValueError as error:
        if "secure URL" not in str(error):
            raise
        data = None
        parser = "xml.etree (Bio.Entrez refuses the file's http DTD address)"
    root = ET.parse(path).getroot()
    # Bio.Entrez.read keeps the two kinds of record apart; the document order comes from the XML.
    records = [e for e in root if e.tag in ("PubmedArticle", "PubmedBookArticle")]
    entrez = None
    if data is not None:
        entrez = {"PubmedArticle": iter(data.get("PubmedArticle", [])),
                  "PubmedBookArticle": iter(data.get("PubmedBookArticle", []))}
    for i, element in enumerate(records):
        if entrez is not None:
            emit(file, i, parser, *from_entrez(element.tag, next(entrez[element.tag])))
        else:
            emit(file, i, parser, *from_etree(element))


def from_entrez(kind, record):
    if kind == "PubmedArticle":
        article = record["MedlineCitation"]["Article"]
        title = str(article.get("ArticleTitle", "")) or str(article.get("VernacularTitle", "")) or None
        authors = article.get("AuthorList", [])
        date = article["Journal"]["JournalIssue"]["PubDate"]
        ids = record.get("PubmedData", {}).get("ArticleIdList", [])
        elocation = [str(e) for e in article.get("ELocationID", []) if e.attributes.get("EIdType") == "doi"]
    else:
        book = record["BookDocument"]
        title = str(book.get("ArticleTitle", "")) or str(book["Book"].get("BookTitle", ""))
        authors = next(iter(book.get("AuthorList", [])), []) or next(iter(book["Book"].get("AuthorList", [])), [])
        date = book["Book"].get("PubDate", {})
        ids = book.get("ArticleIdList", [])
        elocation = []
    doi = next((str(i) for i in ids if i.attributes.get("IdType") == "doi"), None) or first(elocation)
    year = date.get("Year") or (re.search(r"\d{4}", date.get("MedlineDate", "")) or [None])[0]
    return title, doi, year, len([a for a in authors if a.attributes.get("ValidYN", "Y") == "Y"])


def from_etree(element):
    if element.tag == "PubmedArticle":
        article = element.find("MedlineCitation/Article")
        title = text_of(article.find("ArticleTitle")) or text_of(article.find("VernacularTitle"))
        authors = article.findall("AuthorList/Author")
        date = article.find("Journal/JournalIssue/PubDate")
        ids = element.findall("PubmedData/ArticleIdList/ArticleId")
        elocation = [e.text for e in article.findall("ELocationID") if e.get("EIdType") == "doi"]
    else:
        book = element.find("BookDocument")
        title = text_of(book.find("ArticleTitle")) or text_of(book.find("Book/BookTitle"))
        authors = book.findall("AuthorList/Author") or book.findall("Book/AuthorList/Author")
        date = book.find("Book/PubDate")
        ids = book.findall("ArticleIdList/ArticleId")
        elocation = []
    doi = next((i.text for i in ids if i.get("IdType") == "doi"), None) or first(elocation)
    year = None
    if date is not None:
        year = date.findtext("Year") or (re.search(r"\d{4}", date.findtext("MedlineDate") or "") or [None])[0]
    return title, doi, year, len([a for a in authors if a.get("ValidYN", "Y") == "Y"])


# --- JSON formats ------------------------------------------------------------------------------
def json_items(path):
    text = read_text(path)
    if path.endswith((".jsonl", ".ndjson")):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("message"), dict):
        data = data["message"].get("items", data["message"])
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    return data if isinstance(data, list) else [data]


def date_year(value):
    parts = (value or {}).get("date-parts") if isinstance(value, dict) else None
    if parts and parts[0] and parts[0][0] is not None:
        return parts[0][0]
    raw = (value or {}).get("raw") or (value or {}).get("literal") if isinstance(value, dict) else None
    match = re.search(r"\d{4}", raw or "")
    return match.group(0) if match else None


def csl_json(file, path):
    for i, item in enumerate(json_items(path)):
        authors = item.get("author")
        emit(file, i, "json (CSL-JSON fields)", item.get("title"), item.get("DOI"), date_year(item.get("issued")),
             len(authors) if isinstance(authors, list) else 0)


def openalex(file, path):
    for i, work in enumerate(json_items(path)):
        emit(file, i, "json (OpenAlex Work fields)", work.get("title") or work.get("display_name"), work.get("doi"),
             work.get("publication_year"), len(work.get("authorships") or []))


def crossref(file, path):
    for i, work in enumerate(json_items(path)):
        year = next((date_year(work.get(k)) for k in ("issued", "published", "published-print", "published-online")
                     if date_year(work.get(k)) is not None), None)
        emit(file, i, "json (Crossref work fields)", first(work.get("title")), work.get("DOI"), year,
             len(work.get("author") or []))


# --- Tagged text of Chinese databases ------------------------------------------------------------
def refer(file, path):
    """EndNote/Refer tagged text: "%X value" lines; a record opens with its type (%0), and a line that
    is not a tag continues the value before it (CNKI abstracts hold blank lines)."""
    records = []
    for line in read_text(path).splitlines():
        if re.match(r"^%\S( |$)", line):
            if line.startswith("%0") or not records:
                records.append([])
            records[-1].append((line[:2], line[3:].strip()))
    for i, tags in enumerate(records):
        get = lambda t: next((v for k, v in tags if k == t), None)
        year = re.search(r"\d{4}", get("%D") or "")
        emit(file, i, "tag split (EndNote/Refer)", get("%T"), get("%R"), year.group(0) if year else None,
             sum(len(split(v, ";")) for k, v in tags if k == "%A"))


def refworks(file, path):
    """RefWorks tagged text: "RT" opens a record, two-letter tags then a space and the value."""
    records = []
    for line in read_text(path).splitlines():
        match = re.match(r"^([A-Z][A-Z0-9]) (.*)$", line)
        if not match:
            continue
        if match.group(1) == "RT":
            records.append([])
        if records:
            records[-1].append((match.group(1), match.group(2).strip()))
    for i, tags in enumerate(records):
        get = lambda t: next((v for k, v in tags if k == t), None)
        year = re.search(r"\d{4}", get("YR") or get("FD") or "")
        emit(file, i, "tag split (RefWorks)", get("T1"), get("DO"), year.group(0) if year else None,
             sum(len(split(v, ";")) for k, v in tags if k in ("A1",)))


READERS = {
    "ris": ris,
    "bibtex": bibtex,
    "wos": wos,
    "scopus-csv": scopus_csv,
    "lens-csv": lens_csv,
    "dimensions-csv": dimensions_csv,
    "medline": medline,
    "pubmed-xml": pubmed_xml,
    "csl-json": csl_json,
    "openalex": openalex,
    "crossref": crossref,
    "endnote": refer,
    "refworks": refworks,
}


def versions():
    from importlib.metadata import version

    return {name: version(name) for name in ("rispy", "bibtexparser", "metaknowledge", "biopython")}


def main(argv):
    if argv == ["--versions"]:
        print(json.dumps(versions()))
        return 0
    for spec in argv:
        # "<name>=<path>": the name the record is reported under, the path it is read from.
        name, path = spec.split("=", 1)
        folder = name.split("/")[-2] if "/" in name else ""
        reader = READERS.get(folder)
        if reader is None:
            print(json.dumps({"file": name, "error": f"no independent parser for the folder {folder!r}"}))
            continue
        try:
            reader(name, path)
        except Exception as error:  # reported per file; the comparison lists the file as unread
            print(json.dumps({"file": name, "error": f"{type(error).__name__}: {error}"}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
