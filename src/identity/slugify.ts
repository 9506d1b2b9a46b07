/** Lower-case ASCII slug (`Extracellular Vesicles` -> `extracellular-vesicles`) for keys of topics without a MeSH UI. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
