import type { ExportProperties } from './exportTypes.ts';

/** The value type of an attribute column, in the XML formats' vocabulary. */
export type AttributeKind = 'boolean' | 'int' | 'long' | 'double' | 'string';

/** One property column found in the elements' `properties`. */
export type PropertyColumn = { name: string; kind: AttributeKind };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function kindOf(value: string | number | boolean): AttributeKind {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (!Number.isInteger(value)) return 'double';
  return value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long';
}

function widen(a: AttributeKind, b: AttributeKind): AttributeKind {
  if (a === b) return a;
  const numeric: AttributeKind[] = ['int', 'long', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) {
    return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))] ?? 'double';
  }
  return 'string';
}

/**
 * Collects the property columns of a set of nodes or edges for the typed
 * XML formats (GraphML `<key>`, GEXF `<attribute>`): one column per property
 * name in first-seen order, its type the narrowest that holds every non-null
 * value (int -> long -> double, anything mixed -> string). Names in
 * `reserved` are skipped because the format already has a column for them.
 */
export function propertyColumns(
  elements: readonly { properties?: ExportProperties }[],
  reserved: readonly string[],
): PropertyColumn[] {
  const kinds = new Map<string, AttributeKind | undefined>();
  for (const element of elements) {
    for (const [name, value] of Object.entries(element.properties ?? {})) {
      if (reserved.includes(name)) continue;
      const previous = kinds.get(name);
      if (value === null) {
        if (!kinds.has(name)) kinds.set(name, undefined);
        continue;
      }
      const kind = kindOf(value);
      kinds.set(name, previous === undefined ? kind : widen(previous, kind));
    }
  }
  return [...kinds].map(([name, kind]) => ({ name, kind: kind ?? 'string' }));
}

/** A property value as attribute text (`true`, `1`, `2.5`, ...). */
export function attributeText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}
