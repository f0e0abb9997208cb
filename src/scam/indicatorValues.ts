/**
 * The one normal form of a scam indicator, so "0948.683.917" and "+84 948 683 917", or "HTTPS://WWW.Vn-Cbs.xyz/login"
 * and "vn-cbs.xyz", are one entry wherever they are stored, confirmed or looked up.
 */
import { isIpv4, normalizeHost } from './domainNames';
import { formatPhone, normalizePhone } from './phoneNumbers';

export type IndicatorKind = 'phone' | 'domain';

export interface Indicator {
  kind: IndicatorKind;
  /** National-form phone number (`0948683917`) or host name without `www.` (`vn-cbs.xyz`). */
  value: string;
}

const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

export function normalizeDomain(raw: string): string | undefined {
  const host = normalizeHost(
    raw
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/[/?#:].*$/, ''),
  ).replace(/^www\./, '');
  const labels = host.split('.');
  // A name somebody registered: at least two labels, each a valid label; raw IP addresses are not domains.
  if (labels.length < 2 || host.length > 253 || isIpv4(host) || !labels.every((l) => LABEL.test(l))) return undefined;
  return host;
}

export function normalizeIndicator(kind: IndicatorKind, raw: string): string | undefined {
  return kind === 'phone' ? normalizePhone(raw) : normalizeDomain(raw);
}

/** How staff and citizens read it: `0948 683 917`, `vn-cbs.xyz`. */
export function showIndicator(indicator: Indicator): string {
  return indicator.kind === 'phone' ? formatPhone(indicator.value) : indicator.value;
}

export function isIndicatorKind(value: unknown): value is IndicatorKind {
  return value === 'phone' || value === 'domain';
}
