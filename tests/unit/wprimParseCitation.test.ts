import { describe, expect, it } from 'vitest';
import { parseCitation } from '../../src/ingest/parse/formats/wprim/parseCitation.ts';

describe('parseCitation', () => {
  it('reads year, volume, issue and page range', () => {
    expect(parseCitation('2021;36(21):1673-1676')).toEqual({
      year: 2021,
      volume: '36',
      issue: '21',
      firstPage: '1673',
      lastPage: '1676',
    });
  });
  it('reads a citation without issue', () => {
    expect(parseCitation('2021;13:88')).toEqual({ year: 2021, volume: '13', firstPage: '88' });
  });
  it('reads a citation without pages', () => {
    expect(parseCitation('2021;36(21)')).toEqual({ year: 2021, volume: '36', issue: '21' });
  });
  it('reads a single page', () => {
    expect(parseCitation('2021;36(21):1673')).toEqual({ year: 2021, volume: '36', issue: '21', firstPage: '1673' });
  });
  it('reads e-article numbers', () => {
    expect(parseCitation('2020;12(3):e123')).toEqual({ year: 2020, volume: '12', issue: '3', firstPage: 'e123' });
  });
  it('reads supplement issues', () => {
    expect(parseCitation('2022;37(Suppl 1):45-47')).toEqual({
      year: 2022,
      volume: '37',
      issue: 'Suppl 1',
      firstPage: '45',
      lastPage: '47',
    });
  });
  it('reads an issue without volume and tolerates spaces', () => {
    expect(parseCitation(' 2021 ; (4) : 12 - 14 ')).toEqual({
      year: 2021,
      issue: '4',
      firstPage: '12',
      lastPage: '14',
    });
  });
  it('rejects lines that are not citations', () => {
    for (const bad of [
      '2021/36/21',
      '2021',
      '36(21):1673',
      'Chinese Journal',
      '21;36(21):1',
      '2021;36(21):abc-def',
      '2019;not a citation',
      '2020;see the journal(4)',
    ]) {
      expect(parseCitation(bad), bad).toBeUndefined();
    }
  });
});
