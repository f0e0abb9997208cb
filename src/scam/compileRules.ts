/**
 * Turns validated rules into what the checker runs on: phrases parsed once, look-up sets and a keyword index of the
 * official domains. Built once per rules load, so checking a message does no parsing.
 */
import { compilePhrase, type CompiledPhrase } from './phrasePattern';
import { tokenize, type Token } from './messageTokens';
import { InMemoryReportedIndicators } from './reportedIndicators';
import type { OfficialDomain, ScamRules } from './schema';

export interface CompiledSignal {
  code: string;
  weight: number;
  text?: string;
  phrases: CompiledPhrase[];
  negatable: boolean;
  government: boolean;
  awareness: boolean;
}

export interface OfficialIndex {
  /** Longest first, so `dichvucong.bocongan.gov.vn` wins over `bocongan.gov.vn` and `gov.vn`. */
  domains: OfficialDomain[];
  /** Brand keyword → the official domain it belongs to (the first one listed). */
  byKeyword: Map<string, OfficialDomain>;
}

export interface CompiledRules {
  rules: ScamRules;
  signals: CompiledSignal[];
  /** Each negator as a word sequence ("không bao giờ" → 3 tokens). */
  negators: Token[][];
  official: OfficialIndex;
  shorteners: ReadonlySet<string>;
  suspiciousTlds: ReadonlySet<string>;
  /** Domains and numbers publicly warned about, from the rules folder. */
  publiclyReported: InMemoryReportedIndicators;
}

function buildOfficialIndex(domains: readonly OfficialDomain[]): OfficialIndex {
  const sorted = [...domains].sort((a, b) => b.domain.length - a.domain.length);
  const byKeyword = new Map<string, OfficialDomain>();
  for (const entry of domains) {
    for (const keyword of entry.keywords ?? []) if (!byKeyword.has(keyword)) byKeyword.set(keyword, entry);
  }
  return { domains: sorted, byKeyword };
}

export function compileRules(rules: ScamRules): CompiledRules {
  return {
    rules,
    signals: rules.signals.map((s) => ({
      code: s.code,
      weight: s.weight,
      text: s.text,
      phrases: s.phrases.map(compilePhrase),
      negatable: s.negatable ?? false,
      government: s.government ?? false,
      awareness: s.awareness ?? false,
    })),
    negators: rules.negators.map((n) => tokenize(n)).filter((words) => words.length > 0),
    official: buildOfficialIndex(rules.officialDomains),
    shorteners: new Set(rules.shorteners),
    suspiciousTlds: new Set(rules.suspiciousTlds),
    publiclyReported: new InMemoryReportedIndicators({
      domains: rules.reported.domains.map((d) => d.domain),
      phones: rules.reported.phones.map((p) => p.number),
    }),
  };
}
