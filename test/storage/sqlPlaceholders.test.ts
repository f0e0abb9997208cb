import { bindPositional, toPositional } from '../../src/storage/sqlPlaceholders';

describe('$n placeholders → SQLite positional parameters', () => {
  test.each([
    [
      'in order',
      'SELECT * FROM t WHERE a = $1 AND b = $2',
      ['x', 'y'],
      'SELECT * FROM t WHERE a = ? AND b = ?',
      ['x', 'y'],
    ],
    [
      'out of order',
      'INSERT INTO t (a, b) VALUES ($2, $1)',
      ['x', 'y'],
      'INSERT INTO t (a, b) VALUES (?, ?)',
      ['y', 'x'],
    ],
    ['repeated', 'SELECT $1 AS a, $2 AS b, $1 AS c', ['x', 'y'], 'SELECT ? AS a, ? AS b, ? AS c', ['x', 'y', 'x']],
    [
      'two digits',
      `SELECT ${Array.from({ length: 11 }, (_, i) => `$${11 - i}`).join(', ')}`,
      Array.from({ length: 11 }, (_, i) => i + 1),
      `SELECT ${Array(11).fill('?').join(', ')}`,
      Array.from({ length: 11 }, (_, i) => 11 - i),
    ],
    [
      'inside a string literal',
      "SELECT '$1 costs $2' AS s, $1 AS v",
      ['x'],
      "SELECT '$1 costs $2' AS s, ? AS v",
      ['x'],
    ],
    ['escaped quote in a literal', "SELECT 'it''s $1' AS s, $1 AS v", ['x'], "SELECT 'it''s $1' AS s, ? AS v", ['x']],
    ['quoted identifier', 'SELECT "col$1" FROM t WHERE a = $1', ['x'], 'SELECT "col$1" FROM t WHERE a = ?', ['x']],
    ['line comment', 'SELECT $1 -- not $2\n', ['x'], 'SELECT ? -- not $2\n', ['x']],
    ['block comment', 'SELECT /* $2 */ $1', ['x'], 'SELECT /* $2 */ ?', ['x']],
    ['identifier containing $', 'SELECT a$1 FROM t WHERE b = $1', ['x'], 'SELECT a$1 FROM t WHERE b = ?', ['x']],
    ['no parameters', 'SELECT 1', [], 'SELECT 1', []],
  ])('%s', (_name, sql, params, expectedSql, expectedValues) => {
    const positional = toPositional(sql);
    expect(positional.sql).toBe(expectedSql);
    expect(bindPositional(positional, params)).toEqual(expectedValues);
  });

  test.each([
    ['a missing value', 'SELECT $1, $2', ['x'], /\$2/],
    ['a value no placeholder uses', 'SELECT $1', ['x', 'y'], /2 tham số/],
    ['a skipped number', 'SELECT $1, $3', ['x', 'y', 'z'], /\$2/],
  ])('rejects %s, as PostgreSQL would', (_name, sql, params, message) => {
    expect(() => bindPositional(toPositional(sql), params)).toThrow(message);
  });

  test('rejects $0', () => {
    expect(() => toPositional('SELECT $0')).toThrow(/\$1/);
  });
});
