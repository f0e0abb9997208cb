/**
 * Turns the portable `$1, $2…` placeholders into SQLite's anonymous `?` parameters. better-sqlite3 binds an array to
 * `?` strictly in order of appearance (it rejects `?NNN` with an array), so `$2 … $1 … $2` becomes `? … ? … ?` with
 * the values re-ordered and repeated to match. `$n` inside string literals, quoted identifiers and comments is text,
 * not a placeholder, and is left alone.
 *
 * The same mistakes PostgreSQL rejects are rejected here too (a missing value, an unused one), so a query that passes
 * the SQLite tests does not fail later on PostgreSQL.
 */

export interface PositionalSql {
  sql: string;
  /** For each `?` in order, the 0-based index of the original parameter it takes. */
  order: number[];
  /** The highest `$n` used (0 when there are none). */
  highest: number;
}

const cache = new Map<string, PositionalSql>();
const CACHE_LIMIT = 500;

/** Parses once per distinct SQL text; repositories reuse a handful of statements, so the cache stays small. */
export function toPositional(sql: string): PositionalSql {
  const cached = cache.get(sql);
  if (cached) return cached;
  const parsed = parse(sql);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(sql, parsed);
  return parsed;
}

/** Reorders `params` for the rewritten SQL, after checking they match the placeholders one to one. */
export function bindPositional(positional: PositionalSql, params: readonly unknown[]): unknown[] {
  const { order, highest } = positional;
  if (params.length < highest) {
    throw new RangeError(`Câu SQL dùng $${highest} nhưng chỉ có ${params.length} tham số`);
  }
  if (params.length > highest) {
    throw new RangeError(`Câu SQL chỉ dùng đến $${highest} nhưng có ${params.length} tham số`);
  }
  const used = new Set(order);
  for (let i = 0; i < highest; i++) {
    // PostgreSQL cannot infer the type of a parameter that never appears, so it refuses such a query.
    if (!used.has(i)) throw new RangeError(`Câu SQL bỏ qua tham số $${i + 1}`);
  }
  return order.map((i) => params[i]);
}

function parse(sql: string): PositionalSql {
  let out = '';
  const order: number[] = [];
  let highest = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      // Quoted text or identifier; a doubled quote is an escaped quote and keeps us inside.
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? n : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? n : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '$' && isDigit(next) && !isIdentifierChar(sql[i - 1])) {
      let j = i + 1;
      while (j < n && isDigit(sql[j])) j++;
      const index = Number(sql.slice(i + 1, j));
      if (index < 1) throw new RangeError('Tham số SQL được đánh số từ $1');
      order.push(index - 1);
      highest = Math.max(highest, index);
      out += '?';
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return { sql: out, order, highest };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** `a$1` is an identifier in PostgreSQL, not a placeholder. */
function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}
