/**
 * The citizen's message with secrets masked, kept beside the original for the turn. The original is only matched
 * against the knowledge base (matching keeps nothing, and masking can remove words a question needs); anything that
 * is stored, logged or forwarded uses the masked text.
 */
import type { TurnContext } from 'botbuilder';
import { maskSecrets } from '../escalation/masking';

const MASKED_TEXT = Symbol('donghanh.maskedText');

export function rememberMaskedText(context: TurnContext, masked: string): void {
  context.turnState.set(MASKED_TEXT, masked);
}

export function maskedText(context: TurnContext): string {
  const kept = context.turnState.get(MASKED_TEXT) as string | undefined;
  return kept ?? maskSecrets(context.activity.text ?? '').text;
}
