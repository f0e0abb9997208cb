/**
 * Just enough of the domain-name system to reason about a link without a network lookup: which part of a host name
 * the owner registered (`vn-cbs.xyz` in `vietcombank.vn-cbs.xyz`), its top-level domain, and raw IP addresses.
 */
import { domainToUnicode } from 'node:url';

/**
 * Second-level suffixes under which names are registered. Not the whole Public Suffix List (that would be a
 * dependency); the Vietnamese ones matter most because official and fake sites both live there.
 */
const TWO_LEVEL_SUFFIXES = new Set([
  'com.vn', 'net.vn', 'org.vn', 'edu.vn', 'gov.vn', 'ac.vn', 'info.vn', 'biz.vn', 'name.vn', 'pro.vn', 'health.vn', 'int.vn',
  'co.uk', 'org.uk', 'com.cn', 'net.cn', 'com.au', 'co.jp', 'co.kr', 'com.sg', 'com.my', 'co.th', 'co.id', 'com.hk', 'com.tw',
  'com.ph', 'com.kh', 'com.la',
]);

/** Lower case, no trailing dot, punycode (`xn--`) shown as the letters a citizen sees. */
export function normalizeHost(host: string): string {
  const lowered = host.normalize('NFC').toLowerCase().replace(/\.+$/, '');
  if (!lowered.split('.').some((label) => label.startsWith('xn--'))) return lowered;
  const unicode = domainToUnicode(lowered);
  return unicode || lowered;
}

export function isIpv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function topLevelDomain(host: string): string {
  const labels = host.split('.');
  return labels[labels.length - 1] ?? '';
}

/** True for names nobody registers directly: `gov.vn`, `com.vn`, `vn`. */
export function isPublicSuffix(domain: string): boolean {
  return TWO_LEVEL_SUFFIXES.has(domain) || !domain.includes('.');
}

/** `gov.vn` for `dichvucong.gov.vn`, `xyz` for `vn-cbs.xyz`. */
export function publicSuffix(host: string): string {
  const labels = host.split('.');
  const lastTwo = labels.slice(-2).join('.');
  return labels.length > 2 && TWO_LEVEL_SUFFIXES.has(lastTwo) ? lastTwo : topLevelDomain(host);
}

/** The name the owner registered: `vn-cbs.xyz` for `vietcombank.vn-cbs.xyz`, `thanhhoa.gov.vn` for `congan.thanhhoa.gov.vn`. */
export function registrableDomain(host: string): string {
  const suffix = publicSuffix(host);
  if (host === suffix) return host;
  const rest = host.slice(0, host.length - suffix.length - 1).split('.');
  return `${rest[rest.length - 1]}.${suffix}`;
}

/** The labels in front of the registrable domain, without a leading `www`. */
export function subdomainLabels(host: string): string[] {
  const registrable = registrableDomain(host);
  if (host === registrable) return [];
  const labels = host.slice(0, host.length - registrable.length - 1).split('.');
  return labels[0] === 'www' ? labels.slice(1) : labels;
}

/** `a.b.c` is under `b.c` and under itself. */
export function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** `x.congan.113hanoi.com` → [`x.congan.113hanoi.com`, `congan.113hanoi.com`, `113hanoi.com`]: the names a report may cover. */
export function hostAndParents(host: string): string[] {
  const registrable = registrableDomain(host);
  const out: string[] = [];
  let current = host;
  while (current.length >= registrable.length) {
    out.push(current);
    const dot = current.indexOf('.');
    if (dot < 0 || current === registrable) break;
    current = current.slice(dot + 1);
  }
  return out;
}
