import type { SourceJournal, SourceRecord } from '../../model.ts';
import { cleanDoi, cleanPmcid, cleanPmid, collapseSpace, nonEmpty } from './values.ts';
import type { FieldRule } from './fieldMapping.ts';

/** One non-empty cell of a CSV row: its column and value. */
export interface CsvCell {
  column: string;
  value: string;
}

/** The non-empty cells of a row, in column order. */
export function cellsOf(row: Readonly<Record<string, string>>): CsvCell[] {
  return Object.entries(row).flatMap(([column, value]) => {
    const v = nonEmpty(value);
    return v === undefined ? [] : [{ column, value: v }];
  });
}

/** The value of the first cell of `columns` present (the order of `columns` is the precedence). */
export function cell(cells: readonly CsvCell[], ...columns: string[]): string | undefined {
  for (const c of columns) {
    const found = cells.find((x) => x.column === c);
    if (found) return found.value;
  }
  return undefined;
}

/** A `;`-separated list cell (keywords, ISSNs, funders). */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((v) => collapseSpace(v))
    .filter((v) => v !== '');
}

/** The record's journal, made on first use. */
export function journalOf(record: SourceRecord): SourceJournal {
  record.journal ??= { issns: [] };
  return record.journal;
}

/** A rule that copies one column's text into one field. */
export function textRule(column: string, to: string, set: (r: SourceRecord, v: string) => void): FieldRule<CsvCell> {
  return { from: [column], to, apply: (cells, r) => set(r, cells[0]!.value) };
}

/**
 * The article identifiers a CSV export gives each in a column of its own (DOI, PMID, PMCID), under
 * that export's column names: each cleaned to its canonical form, left out when the cell holds none.
 */
export function identifierRules(columns: { doi?: string; pmid?: string; pmcid?: string }): FieldRule<CsvCell>[] {
  const rule = (
    column: string | undefined,
    to: 'doi' | 'pmid' | 'pmcid',
    clean: (v: string) => string | undefined,
  ): FieldRule<CsvCell>[] =>
    column
      ? [
          {
            from: [column],
            to,
            apply: (cells, r) => {
              const value = clean(cells[0]!.value);
              if (value) r[to] = value;
            },
          },
        ]
      : [];
  return [
    ...rule(columns.doi, 'doi', cleanDoi),
    ...rule(columns.pmid, 'pmid', cleanPmid),
    ...rule(columns.pmcid, 'pmcid', cleanPmcid),
  ];
}
