/**
 * What the matcher promises the bot, the CLI and the evaluation tools.
 * The bot depends on this interface only, never on how ranking is done.
 */
import type { Entry } from '../knowledge/schema';

export type MatchOutcome = 'answer' | 'clarify' | 'fallback';

export interface ScoredEntry {
  entry: Entry;
  /** 0..1, higher is better; comparable across questions of one knowledge snapshot. */
  score: number;
}

export interface MatchResult {
  question: string;
  outcome: MatchOutcome;
  /** The answered entry for `answer`; null otherwise. */
  entry: Entry | null;
  /** Score of the best candidate (0 when nothing matched). */
  score: number;
  /** Best first; for `clarify`, exactly the choices to offer. */
  candidates: ScoredEntry[];
}

export interface Matcher {
  match(question: string): MatchResult;
}
