/**
 * What each link in a message says about it: official (allow-listed, including every `*.gov.vn`), reported,
 * a look-alike of an official site, a shortener, a raw IP address, an `.apk` download, an odd top-level domain, or a
 * non-government site in a message that speaks for a government body. No network lookups.
 */
import type { CompiledRules, OfficialIndex } from './compileRules';
import { hostAndParents, isIpv4, isPublicSuffix, isSameOrSubdomain, publicSuffix, registrableDomain, subdomainLabels, topLevelDomain } from './domainNames';
import type { ExtractedLink } from './extractLinks';
import { COMPUTED_CODES, lookalikeCode } from './findingCodes';
import { MIN_FUZZY_KEYWORD, spellingTrick } from './lookalike';
import { linkMsg, lookalikeMsg } from './messages';
import type { ReportedIndicators } from './reportedIndicators';
import type { OfficialDomain } from './schema';
import type { Finding } from './types';

export interface LinkContext {
  /** The message speaks for (or about) a state body: police, tax office, public-service portal… */
  governmentContent: boolean;
  /** Confirmed by staff from citizens' reports. */
  staffReported: ReportedIndicators;
}

/** The official entry a host belongs to (itself or a sub-domain), longest domain first. */
export function officialFor(host: string, index: OfficialIndex): OfficialDomain | undefined {
  return index.domains.find((d) => isSameOrSubdomain(host, d.domain));
}

const display = (host: string): string => host.replace(/^www\./, '');

/**
 * "dichvucong.gov.vn.xyz", "vneid.gov.vn-xacthuc.com": a real domain written at the front of another one.
 * `suffixes` selects entries like `gov.vn` (a whole family of sites) instead of named sites.
 */
function embeddedOfficial(host: string, index: OfficialIndex, suffixes: boolean): OfficialDomain | undefined {
  return index.domains.find((d) => {
    if (isPublicSuffix(d.domain) !== suffixes) return false;
    const at = `.${host}`.indexOf(`.${d.domain}`);
    if (at < 0) return false;
    const after = `.${host}`[at + d.domain.length + 1];
    return after === '.' || after === '-';
  });
}

/** The labels a fake name hides in: every label and its dash-separated pieces ("vn-cbs" → "vn-cbs", "vn", "cbs"). */
function nameCandidates(host: string): string[] {
  const labels = [...subdomainLabels(host), registrableDomain(host).slice(0, -(publicSuffix(host).length + 1))];
  const out = new Set<string>();
  for (const label of labels) {
    if (!label) continue;
    out.add(label);
    for (const piece of label.split('-')) if (piece) out.add(piece);
  }
  return [...out];
}

function lookalikeFinding(host: string, index: OfficialIndex, weight: number): Finding | undefined {
  const shown = display(host);
  const embedded = embeddedOfficial(host, index, false);
  if (embedded) {
    return { code: lookalikeCode(embedded.kind), weight, origin: 'link', text: linkMsg.embedded(shown, embedded.domain, publicSuffix(host)) };
  }
  const candidates = nameCandidates(host);
  // Misspellings first: "dichvucongs" contains "dichvucong", but "thừa chữ s" is what the citizen needs to hear.
  for (const candidate of candidates) {
    for (const [keyword, entry] of index.byKeyword) {
      const trick = spellingTrick(candidate, keyword);
      if (!trick) continue;
      const details = entry.kind === 'government' ? [trick, lookalikeMsg.noGovSuffix] : [trick];
      return { code: lookalikeCode(entry.kind), weight, origin: 'link', text: linkMsg.spelling(shown, entry.domain, details) };
    }
  }
  // Then the brand name itself used inside a foreign domain: "vietcombank.vn-cbs.xyz", "dichvucongbaohiemxahoi.com".
  const pieces = new Set(candidates);
  for (const [keyword, entry] of index.byKeyword) {
    const borrowed = pieces.has(keyword) || (keyword.length >= MIN_FUZZY_KEYWORD && candidates.some((label) => label.includes(keyword)));
    if (!borrowed) continue;
    const site = registrableDomain(host);
    const realSite = site === shown ? undefined : site;
    return {
      code: lookalikeCode(entry.kind),
      weight,
      origin: 'link',
      text: linkMsg.borrowed(shown, entry.owner, entry.domain, realSite, entry.kind === 'government'),
    };
  }
  // Last, a bare ".gov.vn" in the middle of an unknown name: "abc.gov.vn.com".
  const fakeSuffix = embeddedOfficial(host, index, true);
  if (fakeSuffix) {
    return { code: lookalikeCode(fakeSuffix.kind), weight, origin: 'link', text: linkMsg.fakeSuffix(shown, fakeSuffix.domain, publicSuffix(host)) };
  }
  return undefined;
}

function reportedFinding(host: string, rules: CompiledRules, ctx: LinkContext): Finding | undefined {
  const weight = rules.rules.linkSignals['reported-domain'];
  for (const name of hostAndParents(display(host))) {
    if (ctx.staffReported.hasDomain(name)) return { code: COMPUTED_CODES.reportedDomain, weight, origin: 'link', text: linkMsg.reportedDomainStaff(name) };
    if (rules.publiclyReported.hasDomain(name)) return { code: COMPUTED_CODES.reportedDomain, weight, origin: 'link', text: linkMsg.reportedDomainPublic(name) };
  }
  return undefined;
}

export function analyseLink(link: ExtractedLink, rules: CompiledRules, ctx: LinkContext): Finding[] {
  const weights = rules.rules.linkSignals;
  const host = link.host;
  const shown = display(host);
  const findings: Finding[] = [];
  if (/\.apk$/i.test(link.path.replace(/[?#].*$/, ''))) {
    findings.push({ code: COMPUTED_CODES.apk, weight: weights['link-apk'], origin: 'link', text: linkMsg.apk(shown) });
  }
  const unofficial: Finding = { code: COMPUTED_CODES.unofficial, weight: 0, origin: 'link' };

  if (isIpv4(host)) {
    findings.push(unofficial, { code: COMPUTED_CODES.ip, weight: weights['link-ip'], origin: 'link', text: linkMsg.ip(host) });
    if (ctx.governmentContent) {
      findings.push({ code: COMPUTED_CODES.governmentUnofficial, weight: weights['link-government-unofficial'], origin: 'link', text: linkMsg.governmentUnofficial(host) });
    }
    return findings;
  }

  const official = officialFor(host, rules.official);
  if (official) {
    findings.push({ code: COMPUTED_CODES.official, weight: 0, origin: 'link', note: true, text: linkMsg.official(shown, official.owner) });
    return findings;
  }

  findings.push(unofficial);
  const reported = reportedFinding(host, rules, ctx);
  if (reported) findings.push(reported);
  const lookalike = lookalikeFinding(host, rules.official, weights.lookalike);
  if (lookalike) findings.push(lookalike);
  const shortener = rules.shorteners.has(registrableDomain(host)) || rules.shorteners.has(shown);
  if (shortener) findings.push({ code: COMPUTED_CODES.shortener, weight: weights['link-shortener'], origin: 'link', text: linkMsg.shortener(shown) });
  const tld = topLevelDomain(host);
  if (rules.suspiciousTlds.has(tld)) {
    findings.push({ code: COMPUTED_CODES.suspiciousTld, weight: weights['link-suspicious-tld'], origin: 'link', text: linkMsg.suspiciousTld(shown, tld) });
  }
  // A look-alike or a shortener already explains the link; saying "no .gov.vn" again would only repeat it.
  if (ctx.governmentContent && !lookalike && !shortener) {
    findings.push({ code: COMPUTED_CODES.governmentUnofficial, weight: weights['link-government-unofficial'], origin: 'link', text: linkMsg.governmentUnofficial(shown) });
  }
  return findings;
}

/** `.apk` names written on their own ("tải file vn84.apk"). */
export function analyseApkFiles(files: readonly string[], rules: CompiledRules): Finding[] {
  return files.map((file) => ({ code: COMPUTED_CODES.apk, weight: rules.rules.linkSignals['link-apk'], origin: 'link' as const, text: linkMsg.apkFile(file) }));
}
