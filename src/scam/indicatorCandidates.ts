/**
 * The phone numbers and domains in a scam report that staff may confirm as scam indicators. Official sites (every
 * `*.gov.vn`, the banks' and carriers' real domains) and link shorteners are never offered: flagging bit.ly or
 * vneid.gov.vn would flag every genuine message that uses them. Raw IP addresses are left out too: the checker
 * already treats any link to one as suspicious.
 */
import type { CompiledRules } from './compileRules';
import { isIpv4, registrableDomain } from './domainNames';
import { extractLinks } from './extractLinks';
import { type Indicator, normalizeDomain, showIndicator } from './indicatorValues';
import { officialFor } from './linkSignals';
import { extractPhones } from './phoneNumbers';

export interface IndicatorCandidate extends Indicator {
  /** As staff read it: `0948 683 917`, `vn-cbs.xyz`. */
  shown: string;
  /**
   * The registered name behind a sub-domain (`vn-cbs.xyz` for `vietcombank.vn-cbs.xyz`): confirming it covers every
   * sub-domain, which is right for a scammer's own name and wrong for a shared host, so staff choose.
   */
  broader: boolean;
}

export function findIndicatorCandidates(text: string, rules: CompiledRules): IndicatorCandidate[] {
  const out = new Map<string, IndicatorCandidate>();
  const add = (candidate: IndicatorCandidate): void => {
    const key = `${candidate.kind}:${candidate.value}`;
    if (!out.has(key)) out.set(key, candidate);
  };
  const { links, textWithoutLinks } = extractLinks(text, rules.suspiciousTlds);
  for (const link of links) {
    if (isIpv4(link.host) || officialFor(link.host, rules.official)) continue;
    const host = normalizeDomain(link.host);
    if (!host) continue;
    const registered = registrableDomain(host);
    if (rules.shorteners.has(host) || rules.shorteners.has(registered)) continue;
    add({ kind: 'domain', value: host, shown: host, broader: false });
    if (registered !== host) add({ kind: 'domain', value: registered, shown: registered, broader: true });
  }
  for (const phone of extractPhones(textWithoutLinks)) {
    add({ kind: 'phone', value: phone, shown: showIndicator({ kind: 'phone', value: phone }), broader: false });
  }
  return [...out.values()];
}
