import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

type JsonObject = Record<string, string | number | boolean | null>;

function isFlatObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
  );
}

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value)]));
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    default:
      throw new TypeError(`JSON: unsupported literal ${node.kind}`);
  }
}

/** JSON: an object of scalar values (graph node and edge properties). */
export const JSONScalar = new GraphQLScalarType<JsonObject, JsonObject>({
  name: 'JSON',
  description: 'A JSON object of scalar values, e.g. the properties of a graph edge.',
  serialize(value) {
    if (!isFlatObject(value)) throw new TypeError('JSON: expected an object of scalar values');
    return value;
  },
  parseValue(value) {
    if (!isFlatObject(value)) throw new TypeError('JSON: expected an object of scalar values');
    return value;
  },
  parseLiteral(node) {
    const value = literal(node);
    if (!isFlatObject(value)) throw new TypeError('JSON: expected an object of scalar values');
    return value;
  },
});
