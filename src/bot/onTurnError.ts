/**
 * The last line of defence for a turn that threw: log the error with a short reference the citizen also sees (so
 * support can find the log line), apologise in plain Vietnamese, and clear the conversation's dialog state so the
 * next message starts clean instead of failing the same way again.
 */
import type { ConversationState, TurnContext } from 'botbuilder';
import { newCorrelationId, type Logger } from '../logging';
import { botText as T } from './messages';

export interface TurnErrorDeps {
  conversationState: ConversationState;
  logger: Logger;
}

export function createOnTurnError(deps: TurnErrorDeps): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const correlationId = newCorrelationId();
    deps.logger.error(
      { err: error, correlationId, conversationId: context.activity?.conversation?.id, activityType: context.activity?.type },
      'bot turn failed',
    );
    try {
      // Shows the error in the Bot Framework Emulator only; other channels drop trace activities.
      await context.sendTraceActivity('OnTurnError Trace', error.message, 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(T.turnError(correlationId));
    } catch (sendError) {
      deps.logger.error({ err: sendError, correlationId }, 'could not send the apology');
    }
    try {
      await deps.conversationState.delete(context);
    } catch (stateError) {
      deps.logger.error({ err: stateError, correlationId }, 'could not clear conversation state');
    }
  };
}
