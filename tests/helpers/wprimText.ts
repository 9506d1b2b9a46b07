/** What a hand-made WPRIM record states (TEST DATA). */
export interface WprimRecordSpec {
  title: string;
  doi?: string;
  /** Authors with the 1-based numbers of their affiliations. */
  authors: Array<{ name: string; affiliations?: number[] }>;
  affiliations?: string[];
  keywords?: string[];
  journal: string;
  /** `<year>;<volume>(<issue>):<pages>` */
  citation: string;
  language?: string;
  abstract?: string;
}

/**
 * A WPRIM record page in the page layout (title in column 0, everything else indented), for tests
 * that need records the fixtures do not have. Several of them concatenated form a multi-record file.
 */
export function wprimText(spec: WprimRecordSpec): string {
  const lines = [spec.title];
  if (spec.doi) lines.push(`\t${spec.doi}`);
  lines.push('\t- Author:');
  spec.authors.forEach((author, i) => {
    lines.push(
      `\t\t${author.name}${author.affiliations?.length ? ` ${author.affiliations.join(',')}` : ''}${i < spec.authors.length - 1 ? ';' : ''}`,
    );
  });
  if (spec.affiliations?.length) {
    lines.push('\t\tAuthor Information');
    spec.affiliations.forEach((text, i) => {
      lines.push(`\t\t${i + 1}. ${text}`);
    });
  }
  if (spec.keywords?.length)
    lines.push('\t- Keywords:', ...spec.keywords.map((k, i) => `\t\t${k}${i < spec.keywords!.length - 1 ? ';' : ''}`));
  lines.push('\t- From:', `\t\t${spec.journal}`, `\t\t${spec.citation}`);
  lines.push(`\t- Language:${spec.language ?? 'English'}`);
  if (spec.abstract) lines.push('\t- ', '\tAbstract:', `\t\t${spec.abstract}`);
  return `${lines.join('\n')}\n`;
}
