/**
 * JSON parsing that never turns an id into a float. Zalo sends ids as strings, but ids are 18–19 digit numbers
 * (above 2^53), and a body that ever carried one as a bare number would silently lose its last digits with
 * `JSON.parse` and the reply would go to the wrong user (or nobody). Integer literals too large to be exact are
 * therefore read as strings; everything else parses exactly as `JSON.parse` would.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `text`; throws `SyntaxError` like `JSON.parse` on malformed input. */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** Rewrites integer literals outside strings that are not safe integers as JSON strings. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) {
        i += 1;
        continue;
      }
      const literal = match[0];
      const isInteger = !/[.eE]/.test(literal);
      if (isInteger && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, i)}"${literal}"`;
        copiedUpTo = i + literal.length;
      }
      i += literal.length;
      continue;
    }
    i += 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Index just after the closing quote of the string starting at `start` (or the end of the text if unterminated). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else i += 1;
  }
  return i;
}

/** An id field as a string, whatever JSON type it arrived as; undefined when absent or not id-like. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}
