import type { ExportGraph } from '../../../src/export/exportTypes.ts';

/** A small article graph: one article, two authors, a journal, a topic and a broader topic. */
export const sampleGraph: ExportGraph = {
  nodes: [
    {
      id: 'Article:1',
      type: 'ARTICLE',
      label: 'Exosomes & preterm <infants>',
      properties: { year: 2021, doi: '10.1/x' },
    },
    { id: 'Author:1', type: 'AUTHOR', label: 'Haoming CHEN' },
    { id: 'Author:2', type: 'AUTHOR', label: 'Qingfei HAO', properties: { orcid: null } },
    { id: 'Journal:1', type: 'JOURNAL', label: 'Chinese Journal of Applied Clinical Pediatrics' },
    { id: 'Topic:1', type: 'TOPIC', label: 'Bronchopulmonary Dysplasia', properties: { meshId: 'D001997' } },
    { id: 'Topic:2', type: 'TOPIC', label: '肺疾病' },
  ],
  edges: [
    { id: 'e1', source: 'Author:1', target: 'Article:1', type: 'AUTHORED', properties: { position: 1 } },
    { id: 'e2', source: 'Author:2', target: 'Article:1', type: 'AUTHORED', properties: { position: 2 } },
    { id: 'e3', source: 'Article:1', target: 'Journal:1', type: 'PUBLISHED_IN' },
    { id: 'e4', source: 'Article:1', target: 'Topic:1', type: 'HAS_TOPIC' },
    { id: 'e5', source: 'Topic:1', target: 'Topic:2', type: 'BROADER' },
  ],
};
