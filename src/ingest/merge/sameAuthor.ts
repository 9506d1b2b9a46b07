import type { AuthorEntity } from '../model.ts';

/** Letters only, accents removed, lower-case, name parts sorted: `Haoming CHEN`, `Chen Haoming` and `Hao-Ming Chén` agree. */
function looseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((part) => part !== '')
    .sort()
    .join(' ');
}

function letters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, '');
}

/**
 * Whether two sources' authors at the same byline position are the same person: the same ORCID
 * when both give one (different ORCIDs are different people, whatever the names), else the same name
 * up to case, accents, punctuation and order (`Haoming CHEN` / `Chen, Haoming` / `Hao-ming Chen`
 * compared letter by letter), else the same family name and the
 * same first initial of the given name (`Chen H` / `Haoming Chen`).
 */
export function sameAuthor(a: AuthorEntity, b: AuthorEntity): boolean {
  if (a.orcid && b.orcid) return a.orcid === b.orcid;
  if (looseName(a.name) === looseName(b.name)) return true;
  if (letters(a.name) !== '' && letters(a.name) === letters(b.name)) return true;
  if (a.familyName && b.familyName && a.givenName && b.givenName) {
    return (
      letters(a.familyName) === letters(b.familyName) &&
      letters(a.givenName).charAt(0) === letters(b.givenName).charAt(0)
    );
  }
  return false;
}
