import { DOMParser } from '@xmldom/xmldom';
import { XMLValidator } from 'fast-xml-parser';
import { MultiDirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import graphml from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import type { ExportGraph } from '../../../src/export/exportTypes.ts';
import { toGEXF } from '../../../src/export/toGEXF.ts';
import { toGraphML } from '../../../src/export/toGraphML.ts';
import { escapeXmlAttribute, escapeXmlText, xmlSafeText } from '../../../src/export/xmlWriter.ts';

/** Text a scraped record can really contain: entity-looking text, markup, controls, odd Unicode. */
const HOSTILE = [
  'Tom &nbsp; Jerry',
  'R&D &foo; &bar',
  'null char ref &#0; and &#x41; and &#65;',
  'already escaped &amp; &lt;i&gt;',
  'a lone & and &&',
  '<b>bold</b> <script>alert(1)</script> <!-- comment --> <![CDATA[x]]> ]]>',
  'quotes "double" \'single\'',
  'line\nbreak\r\nand\rreturn\tand tab',
  `controls ${String.fromCharCode(0, 1, 8, 11, 12, 27, 31)} end`,
  'non-characters \uFFFE\uFFFF and lone surrogates \uD800 \uDFFF kept: \u{1F9EC} 肺疾病 \u007F',
];

/** What an XML reader must give back: the same text without what XML 1.0 cannot carry. */
const readable = (text: string): string =>
  text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );

function hostileGraph(): ExportGraph {
  return {
    truncated: true,
    nodes: HOSTILE.map((text, i) => ({
      id: `Topic:${i} ${text}`,
      type: 'TOPIC',
      label: text,
      properties: { note: text, year: 2000 + i },
    })),
    edges: HOSTILE.slice(1).map((text, i) => ({
      id: `edge ${i} ${text}`,
      source: `Topic:${i} ${HOSTILE[i]}`,
      target: `Topic:${i + 1} ${text}`,
      type: 'BROADER',
      properties: { note: text },
    })),
  };
}

/** Parses with xmldom, failing on any warning or error a strict parser reports. */
function parseStrict(xml: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => void problems.push(`${level}: ${message}`),
  }).parseFromString(xml, 'application/xml');
  expect(problems).toEqual([]);
  return doc as unknown as Document;
}

describe('XML escaping', () => {
  it('escapes every ampersand, however entity-like the text after it', () => {
    expect(escapeXmlText('&nbsp; &foo; &#0; &amp;')).toBe('&amp;nbsp; &amp;foo; &amp;#0; &amp;amp;');
    expect(escapeXmlAttribute('a"b\n\tc\r')).toBe('a&quot;b&#10;&#9;c&#13;');
  });

  it('removes what XML 1.0 cannot carry and keeps everything else', () => {
    expect(xmlSafeText('a\u0000b\u0001c\uFFFEd\uD800e\t\n\r\u{1F9EC}')).toBe('abcde\t\n\r\u{1F9EC}');
  });

  describe.each([
    ['GraphML', toGraphML],
    ['GEXF', toGEXF],
  ] as const)('%s of records full of entity-like text, markup and control characters', (_name, write) => {
    const graph = hostileGraph();
    const xml = write(graph);

    it('is well-formed for a strict DOM parser and for fast-xml-parser', () => {
      parseStrict(xml);
      expect(XMLValidator.validate(xml)).toBe(true);
    });

    it('reads back every label, id and property exactly (less the characters XML cannot carry)', () => {
      const doc = parseStrict(xml);
      const nodes = Array.from(doc.getElementsByTagName('node'));
      expect(nodes.map((node) => node.getAttribute('id'))).toEqual(graph.nodes.map((node) => readable(node.id)));
      const labels =
        _name === 'GEXF'
          ? nodes.map((node) => node.getAttribute('label'))
          : nodes.map(
              (node) =>
                Array.from(node.getElementsByTagName('data')).find((d) => d.getAttribute('key') === 'n0')?.textContent,
            );
      expect(labels).toEqual(HOSTILE.map(readable));
      const edges = Array.from(doc.getElementsByTagName('edge'));
      expect(edges.map((edge) => edge.getAttribute('source'))).toEqual(
        graph.edges.map((edge) => readable(edge.source)),
      );
    });
  });

  it('round-trips hostile text through graphology-gexf and graphology-graphml', () => {
    const graph = hostileGraph();
    for (const [read, xml] of [
      [gexf.parse, toGEXF(graph)],
      [graphml.parse, toGraphML(graph)],
    ] as const) {
      const g = read(MultiDirectedGraph, xml);
      expect(g.order).toBe(graph.nodes.length);
      expect(g.size).toBe(graph.edges.length);
      expect(g.nodes().map((key) => g.getNodeAttribute(key, 'label'))).toEqual(HOSTILE.map(readable));
      expect(g.nodes().map((key) => g.getNodeAttribute(key, 'note'))).toEqual(HOSTILE.map(readable));
    }
  });
});
