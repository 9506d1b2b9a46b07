/**
 * Disjoint sets over 0..n-1 in one typed array (8 bytes or fewer per member, whatever the records
 * hold): `union` joins two sets, `find` names a set by its smallest member, so a set's name is the
 * member that came first in input order, which both bulk passes rely on (a group's first record, a
 * cited work's first reference).
 */
export function disjointSets(n: number): { find: (x: number) => number; union: (a: number, b: number) => void } {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i += 1) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };
  return { find, union };
}
