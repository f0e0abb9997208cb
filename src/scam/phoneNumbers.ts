/**
 * Vietnamese phone numbers as people write them ("0948.683.917", "0948 683 917", "+84 948683917", "+84(0)948…"),
 * reduced to one national form (`0948683917`) so a number reported once is recognised however it is typed.
 */

/** A run of digits with the separators people use, optionally starting with +84 / 84 / (0). */
const CANDIDATE = /(?<![\p{L}\p{N}])(?:\+\s?84|\(\+?84\)|84)?\s?(?:\(0\))?[\s.-]?\d(?:[\s.-]?\d){6,11}(?![\p{L}\p{N}])/gu;

/** Mobile ranges (03x, 05x, 07x, 08x, 09x), landlines (02xx), and 1800/1900 service numbers. */
const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;
const SERVICE = /^1[89]00\d{4,6}$/;

/** `+84 948 683 917` → `0948683917`; undefined when it is not a Vietnamese number. */
export function normalizePhone(raw: string): string | undefined {
  let digits = raw.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('84') && digits.length === 11) digits = `0${digits.slice(2)}`;
  digits = digits.replace(/^\+/, '');
  if (MOBILE.test(digits) || LANDLINE.test(digits) || SERVICE.test(digits)) return digits;
  return undefined;
}

export function isMobile(normalised: string): boolean {
  return MOBILE.test(normalised);
}

/** Every distinct Vietnamese phone number in the text, in order of appearance. */
export function extractPhones(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const phone = normalizePhone(match[0]);
    if (phone && !out.includes(phone)) out.push(phone);
  }
  return out;
}

/** `0948683917` → `0948 683 917`, the way the number is read out. */
export function formatPhone(normalised: string): string {
  if (normalised.length === 10) return `${normalised.slice(0, 4)} ${normalised.slice(4, 7)} ${normalised.slice(7)}`;
  if (normalised.length === 11) return `${normalised.slice(0, 4)} ${normalised.slice(4, 8)} ${normalised.slice(8)}`;
  if (normalised.length === 8) return `${normalised.slice(0, 4)} ${normalised.slice(4)}`;
  return normalised;
}
