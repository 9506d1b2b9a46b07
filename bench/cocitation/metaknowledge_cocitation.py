"""Co-citation network of a Web of Science plain-text export as metaknowledge builds it.

metaknowledge (PyPI `metaknowledge`, networks-lab) is the reference implementation the import's own
co-citation is compared with (bench/cocitation/compare.ts). It reads the file, keys each cited
reference (CR) by its ID() -- "Author, Year, JOURNAL" -- and counts, for each pair of cited works,
the records citing both (RecordCollection.networkCoCitation with its defaults: anonymous references
dropped, weighted edges).

Usage: python metaknowledge_cocitation.py <savedrecs.txt> > metaknowledge.json
Writes: {"records": [{"ut": ..., "cites": [[printed CR, node id], ...]}], "edges": [[a, b, weight], ...]}
"""
import json
import sys

import metaknowledge as mk


def main(path: str) -> None:
    rc = mk.RecordCollection(path)
    records = []
    for r in rc:
        cites = r.get("citations") or []
        kept = [c for c in cites if not c.isAnonymous()]
        records.append({"ut": r.get("id"), "cites": [[c.original, c.ID()] for c in kept]})
    graph = rc.networkCoCitation()
    edges = [[a, b, d.get("weight", 1)] for a, b, d in graph.edges(data=True)]
    json.dump({"records": records, "edges": edges}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
