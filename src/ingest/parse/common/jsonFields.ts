import { FieldError } from './problems.ts';
import { nonEmpty } from './values.ts';

/**
 * Typed reads of JSON record fields, each knowing its JSON path (`authorships[2].author.orcid`), so a
 * value of the wrong type is reported where it is instead of turning into "[object Object]" or
 * being skipped. Absent and null values read as undefined: JSON exports omit or null what they lack.
 */

export type JsonObject = Record<string, unknown>;

export function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v} (${JSON.stringify(v)})`;
}

/** An object field (or the value itself when `key` is undefined). */
export function objectAt(o: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new FieldError(pathOf(path, key), `expected an object, found ${describe(v)}`);
  return v as JsonObject;
}

/** An array field; [] when absent or null. */
export function arrayAt(o: JsonObject, key: string, path: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(pathOf(path, key), `expected an array, found ${describe(v)}`);
  return v;
}

/** The objects of an array field, each with its path. */
export function objectsAt(o: JsonObject, key: string, path: string): Array<{ value: JsonObject; path: string }> {
  return arrayAt(o, key, path).flatMap((v, i) => {
    if (v === null || v === undefined) return [];
    if (typeof v !== 'object' || Array.isArray(v))
      throw new FieldError(pathOf(pathOf(path, key), i), `expected an object, found ${describe(v)}`);
    return [{ value: v as JsonObject, path: pathOf(pathOf(path, key), i) }];
  });
}

/** A text field; trimmed, whitespace collapsed, undefined when empty. */
export function textAt(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return nonEmpty(v);
  throw new FieldError(pathOf(path, key), `expected a string, found ${describe(v)}`);
}

/** A text field that exporters also write as a number (`"volume": 36`, `"PMID": 34567890`): its decimal text. */
export function textOrNumberAt(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return textAt(o, key, path);
}

/** A text field that may also be an array of texts (Crossref `title`, CSL `ISSN`): every non-empty text. */
export function textsAt(o: JsonObject, key: string, path: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    const one = textAt(o, key, path);
    return one ? [one] : [];
  }
  return v.flatMap((x, i) => {
    if (x === null || x === undefined) return [];
    if (typeof x !== 'string' && typeof x !== 'number')
      throw new FieldError(pathOf(pathOf(path, key), i), `expected a string, found ${describe(x)}`);
    const t = nonEmpty(String(x));
    return t ? [t] : [];
  });
}

/** A number field (a numeric string is accepted). */
export function numberAt(o: JsonObject, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) return Number(v);
  throw new FieldError(pathOf(path, key), `expected a number, found ${describe(v)}`);
}

/** A boolean field. */
export function booleanAt(o: JsonObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  throw new FieldError(pathOf(path, key), `expected true or false, found ${describe(v)}`);
}

/**
 * One row of a JSON format's field table (the JSON counterpart of tagMapping's TagRule): which keys,
 * in precedence order, fill which record field, read as which JSON type (a wrong type is a FieldError
 * naming the JSON path, as everywhere in the JSON readers).
 */
export interface JsonRule<Draft> {
  /** The keys that fill the field, in precedence order. */
  keys: readonly string[];
  /** `text`: a string; `textOrNumber`: a string or a number; `texts`: a string or an array of them (each value is `set`). */
  as: 'text' | 'textOrNumber' | 'texts';
  /** The record field it fills, as documentation. */
  target: string;
  /** `first` (default): only the first key with a value; `all`: every key's values. */
  take?: 'first' | 'all';
  set: (draft: Draft, value: string, key: string) => void;
}

/** Applies a JSON field table to one object (`path` is its JSON path, for errors). */
export function applyJsonRules<Draft>(
  rules: readonly JsonRule<Draft>[],
  o: JsonObject,
  path: string,
  draft: Draft,
): void {
  for (const rule of rules) {
    for (const key of rule.keys) {
      const values =
        rule.as === 'texts'
          ? textsAt(o, key, path)
          : [rule.as === 'text' ? textAt(o, key, path) : textOrNumberAt(o, key, path)].filter(
              (v): v is string => v !== undefined,
            );
      for (const v of values) rule.set(draft, v, key);
      if (values.length > 0 && (rule.take ?? 'first') === 'first') break;
    }
  }
}
