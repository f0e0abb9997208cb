/**
 * Which content signals a message shows. A negatable signal does not fire where a negator governs the phrase:
 * "Tuyệt đối không cung cấp mã OTP cho bất kỳ ai" is the bank's warning, not a request for the code.
 */
import type { CompiledRules, CompiledSignal } from './compileRules';
import { isMarker, type Token } from './messageTokens';
import { findMatches, type PhraseMatch } from './phrasePattern';

/**
 * Negators match exactly as written, never through their folded form: unaccented "dung" is far more often
 * "ứng dụng" or "dùng" than "đừng", and "cho" is "cho", not "chớ". Trainers list unaccented spellings ("khong", "ko").
 */
function containsSequence(tokens: readonly Token[], words: readonly Token[]): boolean {
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, k) => tokens[i + k]!.text === w.text)) return true;
  }
  return false;
}

/**
 * True when a negator stands in the same clause shortly before the match, or inside it (a `*` gap can swallow one:
 * "vui lòng không chia sẻ mã OTP").
 */
function isNegated(tokens: readonly Token[], match: PhraseMatch, negators: readonly Token[][], window: number): boolean {
  let from = match.start;
  while (from > 0 && match.start - from < window && !isMarker(tokens[from - 1]!)) from--;
  const scope = tokens.slice(from, match.end);
  return negators.some((words) => containsSequence(scope, words));
}

function fires(signal: CompiledSignal, tokens: readonly Token[], rules: CompiledRules): boolean {
  const window = rules.rules.verdict.negation_window;
  return signal.phrases.some((phrase) =>
    findMatches(phrase, tokens).some((m) => !signal.negatable || !isNegated(tokens, m, rules.negators, window)),
  );
}

/** The signals the message shows, in the order the rules list them. */
export function matchContentSignals(tokens: readonly Token[], rules: CompiledRules): CompiledSignal[] {
  return rules.signals.filter((signal) => fires(signal, tokens, rules));
}
