/**
 * Dates as officers mean them: days in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving). "Export
 * 01/11 to 30/11" must include a ticket filed at 06:00 on 1 November in Thanh Hóa, which is 23:00 UTC the day before.
 */

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60_000;

/** Start of the local day `YYYY-MM-DD` in ms since epoch, or undefined when it is not a real date. */
export function localDayStart(day: string): number | undefined {
  const m = ISO_DAY.exec(day.trim());
  if (!m) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(year, month - 1, date);
  const check = new Date(utc);
  // Rejects 2025-02-30 and the like, which Date would silently roll over.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return undefined;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00+07:00`);
}

/** Start of the day after `YYYY-MM-DD` (an exclusive upper bound for "up to and including that day"). */
export function localDayEnd(day: string): number | undefined {
  const start = localDayStart(day);
  return start === undefined ? undefined : start + DAY_MS;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `YYYY-MM-DD` of `at` in Vietnam. */
export function localDay(at: number): string {
  return dayFormat.format(new Date(at));
}

/** `dd/mm/yyyy HH:MM` in Vietnam, as officers write dates. */
export function localDateTime(at: number): string {
  return timeFormat.format(new Date(at)).replace(',', '');
}

export { DAY_MS };
