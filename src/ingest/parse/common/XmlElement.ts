/**
 * A small element tree for ONE record of a streamed XML file (the reader builds it from SAX events
 * and drops it after converting the record), with the few queries the converters need.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
  /** 1-based line of the start tag. */
  line: number;
}

/** The direct child elements named `name`. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The first direct child element named `name`. */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) {
    cur = cur?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
    if (!cur) return undefined;
  }
  return cur;
}

/** Every descendant element named `name`, in document order (nested lists included). */
export function descendantsNamed(el: XmlElement | undefined, name: string, out: XmlElement[] = []): XmlElement[] {
  if (!el) return out;
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    descendantsNamed(c, name, out);
  }
  return out;
}

/**
 * The text of an element with inline markup removed (`<i>`, `<sup>`, `<b>`, MathML): the text of
 * all its descendants in order, whitespace collapsed.
 */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  const parts: string[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') parts.push(c);
      else walk(c);
    }
  };
  walk(el);
  return parts
    .join('')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}
