import { describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { toNative } from '../../../../src/db/driver/toNative.ts';

describe('driver values to plain JavaScript', () => {
  it('turns Neo4j integers into numbers, deep inside maps and lists', () => {
    expect(
      toNative({
        year: neo4j.int(2021),
        counts: [neo4j.int(1), { n: neo4j.int(2) }],
        name: 'x',
        strength: 0.5,
        none: null,
      }),
    ).toEqual({
      year: 2021,
      counts: [1, { n: 2 }],
      name: 'x',
      strength: 0.5,
      none: null,
    });
  });

  it('renders temporal values as ISO strings', () => {
    expect(toNative(new neo4j.types.Date(neo4j.int(2021), neo4j.int(3), neo4j.int(4)))).toBe('2021-03-04');
  });

  it('reduces a node to its properties', () => {
    const node = new neo4j.types.Node(neo4j.int(1), ['Topic'], { id: 'Topic:mesh:D020345', n: neo4j.int(3) }, '4:x:1');
    expect(toNative(node)).toEqual({ id: 'Topic:mesh:D020345', n: 3 });
  });
});
