import { Vocabulary } from '../../src/text/vocabulary';

describe('Vocabulary', () => {
  test('numbers each distinct term once, in order of first sight', () => {
    const v = new Vocabulary();
    expect([v.id('tạm'), v.id('trú'), v.id('tạm')]).toEqual([0, 1, 0]);
    expect(v.text(1)).toBe('trú');
    expect(v.size).toBe(2);
  });

  test('a bigram is a term of its own, joined with "_", the same id every time', () => {
    const v = new Vocabulary();
    const [tam, tru] = [v.id('tạm'), v.id('trú')];
    const bigram = v.bigram(tam, tru);
    expect(v.text(bigram)).toBe('tạm_trú');
    expect(v.bigram(tam, tru)).toBe(bigram);
    expect(v.id('tạm_trú')).toBe(bigram);
    expect(v.bigram(tru, tam)).not.toBe(bigram);
  });

  test('an unknown id is a clear error, not undefined', () => {
    expect(() => new Vocabulary().text(3)).toThrow('unknown term id 3');
  });
});
