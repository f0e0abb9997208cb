/** Splitting a batch into statements: no key twice in one, bounded size, order kept. */
import { inRounds } from '../../src/storage/rounds';

describe('inRounds', () => {
  const keysOf = (item: string[]): string[] => item;

  test('a key written twice waits for the next round, so the second write is judged against the first', () => {
    expect(inRounds([['a'], ['b'], ['a'], ['c'], ['a']], keysOf, 100)).toEqual([[0, 1, 3], [2], [4]]);
  });

  test('an item with several keys goes whole into a round where none of them is taken', () => {
    expect(inRounds([['conv-1', 'user-1'], ['conv-2', 'user-1'], ['conv-3', 'user-3']], keysOf, 100)).toEqual([[0, 2], [1]]);
  });

  test('a round holds at most the bound of keys; items without keys count as one; the first item always fits', () => {
    expect(inRounds([['a'], ['b'], ['c'], ['d'], ['e']], keysOf, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(inRounds([[], [], []], keysOf, 2)).toEqual([[0, 1], [2]]);
    expect(inRounds([['a', 'b', 'c'], ['d']], keysOf, 2)).toEqual([[0], [1]]);
  });

  test('an empty batch is no round at all', () => {
    expect(inRounds([], keysOf, 10)).toEqual([]);
  });
});
