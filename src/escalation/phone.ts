/**
 * Vietnamese mobile numbers as citizens type them: "0912345678", "0912 345 678", "091.234.5678", "+84 912 345 678",
 * "84912345678". Valid: 0 or +84, then a mobile prefix digit (3, 5, 7, 8 or 9), then 8 digits. Stored in the
 * national form (0912345678) so officers can dial it as is.
 */

const SEPARATORS = /[\s.\-()]/g;
const MOBILE = /^(?:\+?84|0)([35789]\d{8})$/;

/** The number in national form, or undefined when it is not a Vietnamese mobile number. */
export function parseMobileNumber(input: string): string | undefined {
  const compact = input.normalize('NFKC').trim().replace(SEPARATORS, '');
  const m = MOBILE.exec(compact);
  return m ? `0${m[1]}` : undefined;
}
