/**
 * "Có phải bạn muốn hỏi…": shows the matcher's candidates as buttons plus "Không phải các ý trên", then waits one
 * turn. The reply is a choice (a button, its title typed, or its number "1", "2"…), "none of these", or something
 * else entirely — a new question, "menu" — which is handed back to the root dialog to route afresh, so a citizen
 * is never stuck answering a prompt they chose to ignore.
 */
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { actionFromText, actionFromValue } from '../src/bot/actions';
import type { ConversationData } from '../src/bot/conversationData';
import type { Responder } from '../src/bot/responder';
import type { StatePropertyAccessor } from 'botbuilder';

export interface ClarifyOptions {
  question: string;
  entryIds: string[];
}

export type ClarifyResult =
  | { kind: 'chosen'; entryId: string }
  | { kind: 'not-listed'; question: string }
  | { kind: 'reroute' };

interface ClarifyState {
  question: string;
  entryIds: string[];
}

export class ClarifyDialog extends Dialog<ClarifyOptions> {
  constructor(
    id: string,
    private readonly responder: Responder,
    private readonly conversationData: StatePropertyAccessor<ConversationData>,
  ) {
    super(id);
  }

  async beginDialog(dc: DialogContext, options?: ClarifyOptions): Promise<DialogTurnResult> {
    const kb = this.responder.knowledge.knowledge;
    const entries = (options?.entryIds ?? []).map((id) => kb.byId.get(id)).filter((e) => e !== undefined);
    if (entries.length === 0) return dc.endDialog({ kind: 'reroute' } satisfies ClarifyResult);
    const state: ClarifyState = { question: options?.question ?? '', entryIds: entries.map((e) => e.id) };
    dc.activeDialog!.state = state;
    await this.responder.clarify(dc.context, state.question, entries);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ClarifyState;
    const activity = dc.context.activity;
    const text = (activity.text ?? '').trim();
    const data = await this.conversationData.get(dc.context, {});
    const action = actionFromValue(activity.value) ?? actionFromText(text, data.offered);

    if (action?.kind === 'entry' && state.entryIds.includes(action.entryId)) {
      return dc.endDialog({ kind: 'chosen', entryId: action.entryId } satisfies ClarifyResult);
    }
    if (action?.kind === 'not-listed') {
      return dc.endDialog({ kind: 'not-listed', question: state.question } satisfies ClarifyResult);
    }
    const number = /^\d{1,2}$/.test(text) ? Number(text) : 0;
    if (!action && number >= 1 && number <= state.entryIds.length) {
      return dc.endDialog({ kind: 'chosen', entryId: state.entryIds[number - 1]! } satisfies ClarifyResult);
    }
    return dc.endDialog({ kind: 'reroute' } satisfies ClarifyResult);
  }
}
