/**
 * Masks secrets a citizen types before anything is stored or logged: căn cước numbers, bank cards and accounts,
 * OTPs and passwords. Phone numbers are left alone: a scam report needs the scammer's number, and the citizen's own
 * number is only ever kept from the consented contact field.
 */

export type SecretKind = 'citizen-id' | 'bank-card' | 'bank-account' | 'otp' | 'password';

export interface MaskResult {
  text: string;
  /** What was masked, in order of appearance; empty when the text was clean. */
  found: SecretKind[];
}

interface Rule {
  kind: SecretKind;
  pattern: RegExp;
  /** Builds the replacement from the match; `secret` is the sensitive part only. */
  replace: (match: string, secret: string) => string;
}

const lastDigits = (s: string, n: number): string => s.replace(/\D/g, '').slice(-n);
const hidden = (label: string): string => `[${label} đã ẩn]`;

// Keywords are matched with or without diacritics, since many citizens type without them.
const OTP_WORDS = String.raw`(?:otp|m[aã]\s*(?:otp|x[aá]c\s*(?:th[uự]c|nh[aậ]n)|k[ií]ch\s*ho[aạ]t|b[aả]o\s*m[aậ]t|pin)?|passcode|pin)`;
const PASSWORD_WORDS = String.raw`(?:m[aậ]t\s*kh[aẩ]u|\bmk\b|\bpass(?:word)?\b)`;
const ACCOUNT_WORDS = String.raw`(?:s[oố]\s*t[aà]i\s*kho[aả]n|\bstk\b|\btk\b|t[aà]i\s*kho[aả]n)`;
const LINKING = String.raw`(?:\s*(?:l[aà]|c[uủ]a\s*(?:t[oô]i|em|m[iì]nh|ch[aá]u)|:|=|-)\s*)*\s*`;

const RULES: Rule[] = [
  {
    // An OTP or in-app code after the word that names it: "mã 123456", "otp la 4821", "ma xac thuc: 123456".
    kind: 'otp',
    pattern: new RegExp(String.raw`(${OTP_WORDS}${LINKING})(\d{4,8})(?!\d)`, 'giu'),
    replace: (m, secret) => m.slice(0, m.length - secret.length) + hidden('mã'),
  },
  {
    // A password given explicitly after "mật khẩu:" / "mk=": whatever follows.
    kind: 'password',
    pattern: new RegExp(String.raw`(${PASSWORD_WORDS}\s*[:=]\s*)([^\s\[]\S{3,63})`, 'giu'),
    replace: (m, secret) => m.slice(0, m.length - secret.length) + hidden('mật khẩu'),
  },
  {
    // A password after the word that names it, when it looks like one (a digit or a symbol in it): "mật khẩu là
    // Abc@123". A plain word is the question, not the secret: "quên mật khẩu vneid", "đổi mật khẩu mới".
    kind: 'password',
    pattern: new RegExp(String.raw`(${PASSWORD_WORDS}${LINKING})((?=[^\s\[]*[\d!@#$%^&*_+=~])[^\s\[]\S{3,63})`, 'giu'),
    replace: (m, secret) => m.slice(0, m.length - secret.length) + hidden('mật khẩu'),
  },
  {
    // Named bank accounts run before the bare-number rules, so the label says what it was: 6–19 digits after "stk", "số tài khoản", "tk".
    kind: 'bank-account',
    pattern: new RegExp(String.raw`(${ACCOUNT_WORDS}${LINKING}(?:[\p{L}\s]{0,30}?)?)(\d[\d .]{4,22}\d)(?!\d)`, 'giu'),
    replace: (m, secret) => m.slice(0, m.length - secret.length) + `[số tài khoản đã ẩn, đuôi ${lastDigits(secret, 3)}]`,
  },
  {
    // Bank cards: 16 digits (13–19), often written in groups of four.
    kind: 'bank-card',
    pattern: /(?<!\d)()((?:\d[ .-]?){12,18}\d)(?!\d)(?=[^\d]|$)/gu,
    replace: (m, secret) => {
      const digits = secret.replace(/\D/g, '');
      if (digits.length === 12 || digits.length < 13) return m; // 12 digits is a căn cước number: next rule.
      return `[số thẻ ngân hàng đã ẩn, đuôi ${lastDigits(secret, 4)}]`;
    },
  },
  {
    // Căn cước / personal identification numbers: 12 digits, possibly spaced ("038 123 456 789").
    kind: 'citizen-id',
    pattern: /(?<!\d)()(\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d])/gu,
    replace: (_m, secret) => `[số căn cước đã ẩn, đuôi ${lastDigits(secret, 3)}]`,
  },
];

export function maskSecrets(input: string): MaskResult {
  let text = input.normalize('NFC');
  const found: { kind: SecretKind; at: number }[] = [];
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (match: string, _prefix: string, secret: string, offset: number) => {
      const replaced = rule.replace(match, secret ?? match);
      if (replaced !== match) found.push({ kind: rule.kind, at: offset });
      return replaced;
    });
  }
  return { text, found: found.sort((a, b) => a.at - b.at).map((f) => f.kind) };
}

/** True when a message contains something that must not be kept as typed. */
export function containsSecrets(input: string): boolean {
  return maskSecrets(input).found.length > 0;
}

/** The placeholder every rule above leaves behind: "[mã đã ẩn]", "[số căn cước đã ẩn, đuôi 789]"… */
const MASK_MARKER = /\[(?:mã|mật khẩu|số tài khoản|số thẻ ngân hàng|số căn cước) đã ẩn/u;

/**
 * True when the text already went through `maskSecrets` and something was hidden, e.g. by the channel before the bot
 * saw it (the Direct Line service masks what it stores). The dialog uses it to warn the citizen all the same.
 */
export function hasMaskedSecrets(text: string): boolean {
  return MASK_MARKER.test(text);
}
