/**
 * Ticket codes as citizens see and type them: `TH-20251127-0042` — the province code, the local date in Vietnam
 * (Asia/Ho_Chi_Minh, so a question sent at 06:30 in Thanh Hóa is dated that day, not the previous UTC day) and the
 * ticket's number that day. Citizens copy codes in every shape ("th 20251127 0042", "th-20251127-42"), so parsing is
 * forgiving and always gives back the canonical form.
 */

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYYMMDD` of `at` in Vietnam. */
export function localDay(at: number): string {
  return dayFormat.format(new Date(at)).replace(/-/g, '');
}

/** The per-day counter key and code prefix: `TH-20251127`. */
export function codePrefix(provinceCode: string, at: number): string {
  return `${provinceCode}-${localDay(at)}`;
}

/**
 * Four digits at least; the ten-thousandth ticket of a day simply gets five. PostgreSQL's one-statement filing
 * (ticketRepository.ts) writes the same rule in SQL; test/escalation/ticketRepository.test.ts holds the two together.
 */
export function formatCode(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}

// Letters, then the 8-digit date, then the number, separated by a dash, space, dot or nothing.
const CODE_IN_TEXT = /(?<![A-Za-z0-9])([A-Za-z]{2,4})\s*[-–. ]?\s*(\d{8})\s*[-–. ]?\s*(\d{1,6})(?![0-9])/;

/** The first ticket code in `text`, canonical (`TH-20251127-0042`), or undefined. */
export function findTicketCode(text: string): string | undefined {
  const m = CODE_IN_TEXT.exec(text);
  if (!m) return undefined;
  const [, letters, day, seq] = m as unknown as [string, string, string, string];
  if (!plausibleDay(day)) return undefined;
  return formatCode(`${letters.toUpperCase()}-${day}`, Number(seq));
}

function plausibleDay(day: string): boolean {
  const month = Number(day.slice(4, 6));
  const date = Number(day.slice(6, 8));
  return Number(day.slice(0, 4)) >= 2020 && month >= 1 && month <= 12 && date >= 1 && date <= 31;
}
