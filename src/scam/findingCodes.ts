/**
 * Codes the checker computes itself from links, phone numbers and the reputation hook. Trainers may name them in
 * `combos` and `topics` next to their own content-signal codes; the loader rejects any other unknown code.
 */
import { DOMAIN_KINDS, type DomainKind } from './schema';

export const lookalikeCode = (kind: DomainKind): string => `lookalike-${kind}`;

export const COMPUTED_CODES = {
  reportedDomain: 'reported-domain',
  reportedPhone: 'reported-phone',
  apk: 'link-apk',
  ip: 'link-ip',
  shortener: 'link-shortener',
  suspiciousTld: 'link-suspicious-tld',
  governmentUnofficial: 'link-government-unofficial',
  /** Fact: the message has a link that is not on the allow-list. */
  unofficial: 'link-unofficial',
  /** Note: the message has a link on the allow-list. */
  official: 'link-official',
  /** Fact: the message has a Vietnamese mobile number (scammers give those; agencies give landlines and hotlines). */
  mobileNumber: 'phone-mobile',
  reputationMalicious: 'reputation-malicious',
  reputationSuspicious: 'reputation-suspicious',
  rulesReminder: 'rules-reminder',
} as const;

export const ALL_COMPUTED_CODES: ReadonlySet<string> = new Set([
  ...Object.values(COMPUTED_CODES),
  ...DOMAIN_KINDS.map(lookalikeCode),
]);
