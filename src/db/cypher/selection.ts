import type { GraphQLObjectType, GraphQLOutputType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { parseResolveInfo, type FieldsByTypeName, type ResolveTree } from 'graphql-parse-resolve-info';

/**
 * What a request asks of one object of a known type: its fields by response key (alias or name),
 * with their argument values (variables and defaults applied) and what is asked of each field's
 * value in turn. Read from the resolve info by graphql-parse-resolve-info, which follows named and
 * inline fragments and honours @include/@skip; fragments on the type's interfaces are merged in.
 */
export class Selection {
  private constructor(
    private readonly byTypeName: FieldsByTypeName,
    /** The object type this selection is for. */
    readonly type: GraphQLObjectType,
    readonly schema: GraphQLSchema,
  ) {}

  /** Nothing asked of an object of `typeName` (its id is still read). */
  empty(typeName: string): Selection {
    return Selection.fromTree({}, typeName, this.schema);
  }

  /** The selection of the field being resolved, for `typeName` (defaults to the field's own type, which must be an object type). */
  static of(info: GraphQLResolveInfo, typeName?: string): Selection {
    const tree = parseResolveInfo(info) as ResolveTree | null;
    const name = typeName ?? getNamedType(info.returnType).name;
    return Selection.fromTree(tree?.fieldsByTypeName ?? {}, name, info.schema);
  }

  /** The selection of `typeName` in a parsed field tree. */
  static fromTree(byTypeName: FieldsByTypeName, typeName: string, schema: GraphQLSchema): Selection {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new TypeError(`Selection: ${typeName} is not an object type`);
    return new Selection(byTypeName, type, schema);
  }

  /** Everything any of `selections` (all of one type) asks: the fields of aliases that share one read. */
  static union(selections: readonly Selection[]): Selection {
    const [first, ...rest] = selections;
    if (!first) throw new TypeError('Selection.union of nothing');
    if (rest.length === 0) return first;
    const merged = rest.reduce((acc, selection) => mergeByType(acc, selection.byTypeName), first.byTypeName);
    return new Selection(merged, first.type, first.schema);
  }

  private cached: Map<string, SelectedField> | undefined;

  /** Every selected field by response key (`__typename` and other introspection fields excluded). */
  get fields(): ReadonlyMap<string, SelectedField> {
    if (!this.cached) {
      const merged = new Map<string, ResolveTree>();
      for (const owner of [this.type.name, ...this.type.getInterfaces().map((i) => i.name)]) {
        for (const [key, tree] of Object.entries(this.byTypeName[owner] ?? {})) {
          const seen = merged.get(key);
          merged.set(
            key,
            seen ? { ...seen, fieldsByTypeName: mergeByType(seen.fieldsByTypeName, tree.fieldsByTypeName) } : tree,
          );
        }
      }
      this.cached = new Map(
        [...merged].map(([key, tree]) => [key, new SelectedField(key, tree, this.type, this.schema)]),
      );
    }
    return this.cached;
  }

  /** True when the field `name` is selected under any response key. */
  has(name: string): boolean {
    return this.named(name).length > 0;
  }

  /** The selections of field `name`, one per response key (aliases of one field each get their own). */
  named(name: string): SelectedField[] {
    return [...this.fields.values()].filter((field) => field.name === name);
  }

  /** The names of the selected fields (each once). */
  names(): Set<string> {
    return new Set([...this.fields.values()].map((field) => field.name));
  }
}

/** One selected field. */
export class SelectedField {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;

  constructor(
    /** The alias, or the field name when it has none: the key of the value in the response. */
    readonly responseKey: string,
    private readonly tree: ResolveTree,
    private readonly parentType: GraphQLObjectType,
    private readonly schema: GraphQLSchema,
  ) {
    this.name = tree.name;
    this.args = tree.args as Record<string, unknown>;
  }

  /** What is asked of this field's value, as `typeName` (defaults to the field's own named type). */
  selection(typeName?: string): Selection {
    const field = this.parentType.getFields()[this.name];
    const name = typeName ?? (field ? getNamedType(field.type).name : '');
    return Selection.fromTree(this.tree.fieldsByTypeName, name, this.schema);
  }
}

function mergeByType(a: FieldsByTypeName, b: FieldsByTypeName): FieldsByTypeName {
  const out: FieldsByTypeName = { ...a };
  for (const [typeName, fields] of Object.entries(b)) {
    const existing = out[typeName] ?? {};
    const merged = { ...existing };
    for (const [key, tree] of Object.entries(fields)) {
      const seen = merged[key];
      merged[key] = seen
        ? { ...seen, fieldsByTypeName: mergeByType(seen.fieldsByTypeName, tree.fieldsByTypeName) }
        : tree;
    }
    out[typeName] = merged;
  }
  return out;
}

/**
 * The type checks by shape, not `instanceof`: graphql-js may be loaded twice (its ESM and CommonJS
 * builds: this module and a CommonJS dependency), and its classes then differ between the two.
 */
function isObjectType(type: unknown): type is GraphQLObjectType {
  return (
    typeof type === 'object' &&
    type !== null &&
    Object.prototype.hasOwnProperty.call(type, 'isTypeOf') &&
    typeof (type as GraphQLObjectType).getFields === 'function'
  );
}

function getNamedType(type: GraphQLOutputType): { name: string } {
  let named: unknown = type;
  while (typeof named === 'object' && named !== null && 'ofType' in named)
    named = (named as { ofType: unknown }).ofType;
  return named as { name: string };
}
