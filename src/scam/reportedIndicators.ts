/**
 * Phone numbers and domains known to be used by scammers. Staff confirm them when they close a citizen's scam report
 * (storage comes with the staff console); the rules folder seeds publicly warned ones. The checker only asks
 * membership questions, so any store — in memory, SQLite, PostgreSQL behind a cache — can stand behind it.
 */
import { normalizeHost } from './domainNames';
import { normalizePhone } from './phoneNumbers';

export interface ReportedIndicators {
  /** `phone` in national form, e.g. `0948683917`. */
  hasPhone(phone: string): boolean;
  /** `domain` is a normalised host name; the checker also asks for each parent domain of a link's host. */
  hasDomain(domain: string): boolean;
}

/** Normalises what it is given, so `0948.683.917`, `+84948683917` and `0948683917` are one entry. */
export class InMemoryReportedIndicators implements ReportedIndicators {
  private readonly phones = new Set<string>();
  private readonly domains = new Set<string>();

  constructor(initial: { phones?: Iterable<string>; domains?: Iterable<string> } = {}) {
    for (const p of initial.phones ?? []) this.addPhone(p);
    for (const d of initial.domains ?? []) this.addDomain(d);
  }

  /** Returns false when `raw` is not a Vietnamese phone number (nothing is stored). */
  addPhone(raw: string): boolean {
    const phone = normalizePhone(raw);
    if (!phone) return false;
    this.phones.add(phone);
    return true;
  }

  addDomain(raw: string): void {
    const host = normalizeHost(raw.trim().replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, ''));
    if (host) this.domains.add(host.replace(/^www\./, ''));
  }

  hasPhone(phone: string): boolean {
    return this.phones.has(phone);
  }

  hasDomain(domain: string): boolean {
    return this.domains.has(domain);
  }
}

/** Nobody has reported anything yet. */
export const NO_REPORTED_INDICATORS: ReportedIndicators = { hasPhone: () => false, hasDomain: () => false };
