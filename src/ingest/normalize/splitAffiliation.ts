/**
 * Splits a printed affiliation into its name part and the trailing `,<city> <6-digit postal code>` that
 * Chinese affiliations end with (`郑州大学第一附属医院新生儿科,郑州 450052` -> name `郑州大学第一附属医院新生儿科`,
 * city `郑州`, postal code `450052`). The name part is what institutions are matched by; without the pattern,
 * the whole text is the name and city/postal code stay undefined.
 */
export function splitAffiliation(text: string): { name: string; city?: string; postalCode?: string } {
  const trimmed = text.trim();
  const m = /^(.*?)\s*[,，]\s*([^,，\d]+?)\s*(\d{6})\s*[.。]?$/u.exec(trimmed);
  if (!m?.[1] || !m[2] || !m[3]) return { name: trimmed };
  return { name: m[1].trim(), city: m[2].trim(), postalCode: m[3] };
}
