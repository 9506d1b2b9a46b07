/**
 * A minimal XML 1.0 writer for the GraphML and GEXF exports.
 *
 * Why not an XML builder library: the one used before (xmlbuilder2) deliberately leaves `&`
 * unescaped when it is followed by something that looks like an entity (`&nbsp;`, `&foo;`,
 * `&#0;`, `&amp;`), so a record whose title contains `&nbsp;` produced a file XML parsers reject
 * ("undefined entity"), and a literal `&amp;` read back as `&`. Other builders keep control
 * characters or let line breaks in attribute values be normalised to spaces by readers. Our
 * exports only need elements, attributes and text, so the whole rule set fits here and is tested
 * with real XML parsers on hostile text (tests/unit/export/xmlEscaping.test.ts).
 *
 * The rules:
 * - every `&`, `<` and `>` is escaped, always (text is text, never markup);
 * - in attribute values also `"`, and tab, line feed and carriage return as character references,
 *   because readers normalise literal ones to spaces (attribute-value normalisation);
 * - a carriage return in text is written as `&#13;` (readers turn a literal CR or CRLF into LF);
 * - characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
 *   U+FFFE, U+FFFF) are removed: no escape can represent them.
 */

/** Anything outside XML 1.0's `Char` production (with `u`, a lone surrogate is one code point). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 cannot represent. */
export function xmlSafeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

/** Escapes element text content. */
export function escapeXmlText(value: string): string {
  return xmlSafeText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes a double-quoted attribute value. */
export function escapeXmlAttribute(value: string): string {
  return xmlSafeText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value; `undefined` leaves the attribute out. */
export type XmlAttributeValue = string | number | boolean | undefined;

/** An element: name, attributes (in order), and either child elements or text. */
export type XmlElement = {
  name: string;
  attributes?: Readonly<Record<string, XmlAttributeValue>>;
  children?: readonly XmlElement[];
  text?: string;
};

/** Shorthand for an element with attributes and children. */
export function xmlElement(
  name: string,
  attributes: Readonly<Record<string, XmlAttributeValue>> = {},
  children: readonly XmlElement[] = [],
): XmlElement {
  return { name, attributes, children };
}

/** Shorthand for an element holding text. */
export function xmlTextElement(
  name: string,
  text: string,
  attributes: Readonly<Record<string, XmlAttributeValue>> = {},
): XmlElement {
  return { name, attributes, text };
}

function openTag(element: XmlElement): string {
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
  return `<${element.name}${attributes}`;
}

function write(element: XmlElement, indent: string, out: string[]): void {
  const start = openTag(element);
  if (element.text !== undefined) {
    out.push(`${indent}${start}>${escapeXmlText(element.text)}</${element.name}>`);
    return;
  }
  const children = element.children ?? [];
  if (children.length === 0) {
    out.push(`${indent}${start}/>`);
    return;
  }
  out.push(`${indent}${start}>`);
  for (const child of children) write(child, `${indent}  `, out);
  out.push(`${indent}</${element.name}>`);
}

/**
 * Serialises a document: the XML declaration (UTF-8) and the root element, indented by two
 * spaces, one element per line, ending with a newline. Names are the caller's constants, never data.
 */
export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
