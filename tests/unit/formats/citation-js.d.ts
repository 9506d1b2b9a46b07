// The citation.js packages ship no type declarations; the tests use this much of them.
declare module '@citation-js/core' {
  export class Cite {
    static async(data: string): Promise<Cite>;
    data: Array<Record<string, unknown>>;
  }
}
declare module '@citation-js/plugin-ris';
