/**
 * Adding to a ticket already filed ("Bổ sung cho phản ánh TH-…", "bổ sung thông tin"): only from the conversation
 * (or channel user) that filed it. A message after an answer or after closure reopens the ticket, and the citizen is
 * told so. A failed write keeps the text and offers to try again.
 */
import { type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { hasMaskedSecrets, maskSecrets } from '../src/escalation/masking';
import { escalationText as say } from '../src/escalation/messages';
import { isFiledBy } from '../src/escalation/ticketStatus';
import { type EscalationDeps, requester } from './escalationDeps';
import { askWithButtons, DETAILS_PROMPT, NO, YES } from './escalationPrompts';

export const APPEND_DIALOG = 'escalation.append';
const APPEND_COMMIT_DIALOG = 'escalation.appendCommit';

export interface AppendOptions {
  mode: 'append';
  /** The ticket to add to; the conversation's open ticket when absent. */
  code?: string;
}

interface CommitOptions {
  ticketId: number;
  code: string;
  text: string;
}

const B = say.buttons;

/** The append flow and its commit step; `fileDialogId` is where "Gửi phản ánh mới" goes. */
export function appendDialogs(deps: EscalationDeps, fileDialogId: string): WaterfallDialog[] {
  const { tickets, logger } = deps;
  const flow = new WaterfallDialog(APPEND_DIALOG, [
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const o = (step.options ?? {}) as AppendOptions;
      const who = requester(step.context);
      const ticket = o.code ? await tickets.findByCode(o.code) : await tickets.findOpenForConversation(who.channel, who.conversationId);
      if (!ticket && o.code) {
        await step.context.sendActivity(say.lookupNotFound(o.code));
        return step.endDialog();
      }
      if (!ticket) {
        return askWithButtons(step, say.noOpenTicket, [{ title: B.sendNew, synonyms: YES }, { title: B.notNow, synonyms: NO }], say.chooseButton);
      }
      if (ticket.purgedAt !== null) {
        await step.context.sendActivity(say.appendPurged(ticket.code));
        return step.endDialog();
      }
      if (!isFiledBy(ticket, who)) {
        await step.context.sendActivity(say.appendNotHere(ticket.code));
        return step.endDialog();
      }
      (step.values as { ticket?: unknown }).ticket = { ticketId: ticket.id, code: ticket.code };
      return step.prompt(DETAILS_PROMPT, { prompt: say.askAppend(ticket.code) });
    },
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const target = (step.values as { ticket?: unknown }).ticket as { ticketId: number; code: string } | undefined;
      if (!target) {
        if (step.result === B.sendNew) return step.replaceDialog(fileDialogId, { reason: 'menu' });
        await step.context.sendActivity(say.declined);
        return step.endDialog();
      }
      const typed = String(step.result);
      const masked = maskSecrets(typed);
      if (masked.found.length > 0 || hasMaskedSecrets(typed)) await step.context.sendActivity(say.secretsWarning);
      return step.replaceDialog(APPEND_COMMIT_DIALOG, { ...target, text: masked.text } satisfies CommitOptions);
    },
  ]);

  const commit = new WaterfallDialog(APPEND_COMMIT_DIALOG, [
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const o = step.options as CommitOptions;
      try {
        const { reopened } = await tickets.appendCitizenMessage(o.ticketId, o.text);
        logger?.info({ ticket: o.code, reopened }, 'citizen added to ticket');
        await step.context.sendActivity(say.appended(o.code, reopened));
        return step.endDialog(o.code);
      } catch (err) {
        logger?.error({ err, ticket: o.code }, 'citizen addition not saved');
        return askWithButtons(step, say.saveFailed, [{ title: B.retry, synonyms: ['thử lại', 'gửi lại', ...YES] }, { title: B.cancel, synonyms: NO }], say.chooseButton);
      }
    },
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      if (step.result === B.retry) return step.replaceDialog(APPEND_COMMIT_DIALOG, step.options);
      await step.context.sendActivity(say.cancelled);
      return step.endDialog();
    },
  ]);
  return [flow, commit];
}
