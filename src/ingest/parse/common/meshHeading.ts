import type { SourceSubject } from '../../model.ts';

/**
 * A MeSH heading as MEDLINE prints it, `Enterocolitis, Necrotizing/*therapy`: the descriptor and its
 * qualifiers, `*` marking a major topic. PubMed's exports through reference managers keep the same
 * form in their keywords (RIS `KW`, BibTeX `keywords`), so normalization reads those with it too.
 */
export function parseMeshHeading(printed: string): SourceSubject {
  const [descriptorPart = '', ...qualifierParts] = printed.split('/');
  const descriptorMajor = descriptorPart.trim().startsWith('*');
  const subject: SourceSubject = {
    kind: 'mesh',
    term: descriptorPart.trim().replace(/^\*/, '').trim(),
    major: descriptorMajor,
  };
  const qualifiers = qualifierParts
    .map((q) => q.trim())
    .filter((q) => q !== '')
    .map((q) => ({ name: q.replace(/^\*/, '').trim(), major: q.startsWith('*') }));
  if (qualifiers.length > 0) subject.qualifiers = qualifiers;
  return subject;
}
