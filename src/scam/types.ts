/**
 * The shapes the scam checker hands to its callers (bot dialog, CLI, staff console).
 * `ScamVerdict` is the public contract: `donghanh check --json` prints exactly these four fields.
 */

export type Risk = 'high' | 'medium' | 'low';

export interface ScamReason {
  /** Stable, machine-readable: `otp-request`, `lookalike-government`, `rules-reminder`… */
  code: string;
  /** One plain Vietnamese sentence a citizen reads. */
  text: string;
}

export interface ScamVerdict {
  risk: Risk;
  reasons: ScamReason[];
  /** The `lua-dao.*` knowledge entry that explains this kind of scam; null when nothing suspicious was found. */
  topic: string | null;
  /** Every link found in the message, de-obfuscated (`dichvucong[.]gov[.]vn` → `dichvucong.gov.vn`). */
  urls: string[];
}

/** One thing the checker noticed. Findings with weight 0 are facts other rules build on (`link-unofficial`). */
export interface Finding {
  code: string;
  weight: number;
  /** Shown to the citizen when the finding counts towards the verdict; facts may have none. */
  text?: string;
  /** Where it came from: content findings are the ones an awareness bulletin dampens. */
  origin: 'content' | 'link' | 'phone' | 'combo' | 'reputation';
  /** A note worth showing even when the risk is low (an official link, an awareness bulletin). */
  note?: boolean;
  /** Set on content signals that recognise a police/authority awareness bulletin. */
  awareness?: boolean;
}

/** Everything the checker worked out, for tests and diagnostics; the verdict is derived from it. */
export interface ScamAnalysis {
  verdict: ScamVerdict;
  score: number;
  findings: Finding[];
  /** Phone numbers found, normalised to the national form (`0948683917`). */
  phones: string[];
  /** Host names of the links found. */
  hosts: string[];
}
