/**
 * Forwarding a question (or a scam report) to the commune police: offer → what happens and how long it takes →
 * commune → details (pre-filled with the unanswered question) → optional phone with consent → summary → confirm.
 * The ticket is committed before its code is shown; a confirmation replayed after a crash or a retry gets the same
 * ticket back (the request key is chosen when the summary is shown and kept in dialog state).
 *
 * Also, inside the same component: adding to an open ticket (`{ mode: 'append' }`), and answering "tra cứu <mã>"
 * or "hủy" at any step of the form.
 */
import { randomUUID } from 'node:crypto';
import { type Activity, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  type DialogContext,
  type DialogTurnResult,
  DialogTurnStatus,
  type PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { type EscalationIntent, isCancel, recognizeEscalationIntent } from '../src/escalation/intents';
import { hasMaskedSecrets, maskSecrets } from '../src/escalation/masking';
import { escalationText as say } from '../src/escalation/messages';
import { parseMobileNumber } from '../src/escalation/phone';
import type { TicketKind } from '../src/escalation/types';
import { FORWARD_DIALOG } from './dialogIds';
import { APPEND_DIALOG, appendDialogs, type AppendOptions } from './escalationAppendDialog';
import { COMMUNE_DIALOG, communeDialog } from './escalationCommuneDialog';
import { communeName, type EscalationDeps, requester } from './escalationDeps';
import { sendTicketStatus } from './escalationLookup';
import {
  askWithButtons,
  type ButtonChoice,
  buttonPrompt,
  DETAILS_PROMPT,
  detailsPrompt,
  NO,
  recognizeChoice,
  TEXT_PROMPT,
  withButtons,
  YES,
} from './escalationPrompts';

export type { AppendOptions } from './escalationAppendDialog';
export type { EscalationDeps } from './escalationDeps';

/** The id the root dialog reserves for forwarding (`donghanh.forward`); stored in conversation state, never rename. */
export const ESCALATION_DIALOG = FORWARD_DIALOG;

/** Why the dialog started: after a fallback or a rejected clarification it first asks whether to forward at all. */
export type EscalationReason = 'fallback' | 'not-listed' | 'menu' | 'person' | 'action' | 'scam';

export interface EscalationOptions {
  reason: EscalationReason;
  /** `scam_report` for issue 6's "report this message"; `question` otherwise. */
  kind?: TicketKind;
  /** The unanswered question or the pasted message: pre-fills the details. */
  question?: string;
  /** Earlier lines to attach to the ticket (already masked or not: the repository masks again). */
  transcript?: string[];
}

/** A command recognised anywhere in the conversation (`recognizeEscalationIntent`), handed over by the root dialog. */
export interface CommandOptions {
  command: EscalationIntent;
}

export type EscalationBeginOptions = EscalationOptions | AppendOptions | CommandOptions;

interface Draft {
  communeId?: string;
  details?: string;
  phone?: string | null;
  phoneAsked?: boolean;
  requestKey?: string;
}

type Field = 'commune' | 'details' | 'phone';

/** What the form keeps between its steps (dialog state, so it survives a restart). */
interface FileValues {
  draft?: Draft;
  /** The open ticket offered for "Bổ sung vào …". */
  openCode?: string;
  editing?: boolean;
}

const vals = (step: WaterfallStepContext): FileValues => step.values as FileValues;

interface FileOptions extends EscalationOptions {
  /** Present when the citizen chose "Sửa lại": what was already answered, and the part to ask again. */
  draft?: Draft;
  ask?: Field;
}

const FILE_DIALOG = 'escalation.file';
const DETAILS_DIALOG = 'escalation.details';
const COMMIT_DIALOG = 'escalation.commit';
const PHONE_PROMPT = 'escalation.phone';

const B = say.buttons;

export class EscalationDialog extends ComponentDialog {
  constructor(private readonly deps: EscalationDeps) {
    super(ESCALATION_DIALOG);
    for (const key of ['tickets', 'communes', 'settings'] as const) {
      if (!deps?.[key]) throw new Error(`[EscalationDialog]: Missing parameter "${key}"`);
    }
    this.addDialog(buttonPrompt());
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(detailsPrompt());
    this.addDialog(new TextPrompt(PHONE_PROMPT, validatePhone));
    this.addDialog(communeDialog({ communes: deps.communes, provinceName: () => deps.settings().province.name }));
    for (const dialog of appendDialogs(deps, FILE_DIALOG)) this.addDialog(dialog);
    this.addDialog(this.detailsDialog());
    this.addDialog(this.commitDialog());
    this.addDialog(this.fileDialog());
    this.initialDialogId = FILE_DIALOG;
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: EscalationBeginOptions): Promise<DialogTurnResult> {
    if (options && 'command' in options) {
      const { command } = options;
      if (command.kind === 'lookup') {
        await sendTicketStatus(innerDc.context, this.deps, command.code);
        return innerDc.endDialog();
      }
      if (command.kind === 'append') return innerDc.beginDialog(APPEND_DIALOG, { mode: 'append', ...(command.code ? { code: command.code } : {}) });
      return innerDc.beginDialog(FILE_DIALOG, { reason: 'person' } satisfies FileOptions);
    }
    if (options && 'mode' in options && options.mode === 'append') return innerDc.beginDialog(APPEND_DIALOG, options);
    // The root dialog begins with `{ question }` only when it does not say why: an explicit request, like the menu.
    return innerDc.beginDialog(FILE_DIALOG, { reason: 'menu', ...(options ?? {}) });
  }

  /** "hủy" leaves the form at any step; "tra cứu <mã>" is answered and the current question asked again. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.type === 'message' ? (innerDc.context.activity.text ?? '') : '';
    if (text && isCancel(text)) {
      await innerDc.context.sendActivity(say.cancelled);
      return innerDc.cancelAllDialogs();
    }
    const intent = text ? recognizeEscalationIntent(text) : undefined;
    if (intent?.kind === 'lookup') {
      await sendTicketStatus(innerDc.context, this.deps, intent.code);
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    return super.onContinueDialog(innerDc);
  }

  private fileDialog(): WaterfallDialog {
    const { tickets } = this.deps;
    return new WaterfallDialog(FILE_DIALOG, [
      // 1. Offer (after a fallback or a rejected clarification), or "add to your open ticket?"
      async (step) => {
        const o = step.options as FileOptions;
        if (o.draft) return step.next();
        const who = requester(step.context);
        const open = await tickets.findOpenForConversation(who.channel, who.conversationId);
        if (open) {
          vals(step).openCode = open.code;
          return askWithButtons(
            step,
            say.offerWithOpen(open.code, open.status),
            [{ title: B.appendTo(open.code), synonyms: ['bổ sung'] }, { title: B.sendNew, synonyms: ['mới', 'gửi mới'] }, { title: B.notNow, synonyms: NO }],
            say.chooseButton,
          );
        }
        if (o.reason === 'fallback' || o.reason === 'not-listed') {
          return askWithButtons(step, say.offer, [{ title: B.send, synonyms: [...YES, 'gửi'] }, { title: B.notNow, synonyms: NO }], say.chooseButton);
        }
        return step.next();
      },
      // 2. What happens and how long it takes, then the commune.
      async (step) => {
        const o = step.options as FileOptions;
        const answer = step.result as string | undefined;
        if (answer === B.notNow) {
          await step.context.sendActivity(say.declined);
          return step.endDialog();
        }
        const openCode = vals(step).openCode as string | undefined;
        if (openCode && answer === B.appendTo(openCode)) {
          return step.replaceDialog(APPEND_DIALOG, { mode: 'append', code: openCode } satisfies AppendOptions);
        }

        const draft: Draft = { ...(o.draft ?? {}) };
        vals(step).draft = draft;
        if (!o.draft) await step.context.sendActivity(say.intro(kindOf(o), this.deps.settings().escalation?.typical_response));
        if (draft.communeId && o.ask !== 'commune') return step.next(draft.communeId);
        return step.beginDialog(COMMUNE_DIALOG);
      },
      // 3. The details, pre-filled with the question the bot could not answer.
      async (step) => {
        const o = step.options as FileOptions;
        const draft = vals(step).draft!;
        draft.communeId = step.result as string;
        if (draft.details && o.ask !== 'details') return step.next(draft.details);
        // A question that matched an `action: escalate` entry asked for forwarding ("tôi muốn gửi phản ánh"); it is
        // not the content, so it is only attached to the transcript, not offered as the details.
        const prefill = draft.details ?? (o.reason === 'action' ? undefined : o.question?.trim());
        return step.beginDialog(DETAILS_DIALOG, { kind: kindOf(o), prefill });
      },
      // 4. Mask, warn if anything was hidden, then offer to leave a phone number.
      async (step) => {
        const o = step.options as FileOptions;
        const draft = vals(step).draft!;
        const typed = String(step.result);
        const masked = maskSecrets(typed);
        if (draft.details !== typed && (masked.found.length > 0 || hasMaskedSecrets(typed))) {
          await step.context.sendActivity(say.secretsWarning);
        }
        draft.details = masked.text;
        if (draft.phoneAsked && o.ask !== 'phone') return step.next(B.phoneNo);
        return askWithButtons(
          step,
          say.askPhoneConsent,
          [{ title: B.phoneYes, synonyms: YES }, { title: B.phoneNo, synonyms: [...NO, 'bỏ qua'] }],
          say.chooseButton,
        );
      },
      // 5. The number itself, only after an explicit yes.
      async (step) => {
        const o = step.options as FileOptions;
        const draft = vals(step).draft!;
        if (draft.phoneAsked && o.ask !== 'phone') return step.next(draft.phone ?? '');
        if (step.result !== B.phoneYes) return step.next('');
        return step.prompt(PHONE_PROMPT, { prompt: say.askPhone, retryPrompt: withButtons(say.phoneInvalid, [B.phoneNo]) });
      },
      // 6. Summary: confirm, edit or cancel.
      async (step) => {
        const o = step.options as FileOptions;
        const draft = vals(step).draft!;
        draft.phone = (step.result as string) || null;
        draft.phoneAsked = true;
        // A new key for each summary: what the citizen confirms is exactly this content.
        draft.requestKey = randomUUID();
        return askWithButtons(
          step,
          say.summary(kindOf(o), communeName(this.deps, draft.communeId!), draft.details!, draft.phone),
          [{ title: B.confirm, synonyms: [...YES, 'xác nhận', 'gửi'] }, { title: B.edit, synonyms: ['sửa'] }, { title: B.cancel, synonyms: NO }],
          say.chooseButton,
        );
      },
      // 7. Commit, or ask what to change.
      async (step) => {
        const o = step.options as FileOptions;
        const draft = vals(step).draft!;
        if (step.result === B.cancel) {
          await step.context.sendActivity(say.cancelled);
          return step.endDialog();
        }
        if (step.result === B.edit) {
          vals(step).editing = true;
          return askWithButtons(step, say.whatToEdit, EDIT_CHOICES, say.chooseButton);
        }
        return step.beginDialog(COMMIT_DIALOG, { ...o, draft } satisfies FileOptions);
      },
      async (step) => {
        if (!vals(step).editing) return step.endDialog(step.result);
        const o = step.options as FileOptions;
        const ask = EDIT_FIELDS[String(step.result)] ?? 'details';
        return step.replaceDialog(FILE_DIALOG, { ...o, draft: vals(step).draft!, ask } satisfies FileOptions);
      },
    ]);
  }

  private detailsDialog(): WaterfallDialog {
    return new WaterfallDialog(DETAILS_DIALOG, [
      async (step) => {
        const { prefill, kind } = step.options as { prefill?: string; kind: TicketKind };
        if (!prefill) return step.next(B.rewrite);
        const shown = maskSecrets(prefill).text;
        return askWithButtons(step, say.prefilled(kind, shown), [{ title: B.keep, synonyms: YES }, { title: B.rewrite, synonyms: ['sửa', 'viết lại'] }], say.chooseButton);
      },
      async (step) => {
        const { prefill, kind } = step.options as { prefill?: string; kind: TicketKind };
        if (step.result === B.keep && prefill) return step.endDialog(prefill);
        return step.prompt(DETAILS_PROMPT, { prompt: say.askDetails(kind) });
      },
      async (step) => step.endDialog(step.result),
    ]);
  }

  private commitDialog(): WaterfallDialog {
    const { tickets, logger } = this.deps;
    return new WaterfallDialog(COMMIT_DIALOG, [
      async (step) => {
        const o = step.options as FileOptions;
        const draft = o.draft!;
        const kind = kindOf(o);
        const ref = TurnContext.getConversationReference(step.context.activity as Activity);
        const transcript = [...(o.transcript ?? []), ...(o.question ? [o.question] : [])];
        try {
          const { ticket, created } = await tickets.create({
            kind,
            communeId: draft.communeId!,
            channel: step.context.activity.channelId,
            conversationRef: JSON.stringify(ref),
            subject: draft.details!,
            phone: draft.phone ?? null,
            transcript,
            ...(draft.requestKey ? { requestKey: draft.requestKey } : {}),
          });
          logger?.info({ ticket: ticket.code, commune: ticket.communeId, channel: ticket.channel, kind, replayed: !created }, 'ticket filed');
          // Only now, after the commit, is the code shown.
          await step.context.sendActivity(say.sent(ticket.code, communeName(this.deps, ticket.communeId), this.deps.settings().escalation?.typical_response));
          return step.endDialog(ticket.code);
        } catch (err) {
          logger?.error({ err, commune: draft.communeId, kind }, 'ticket not filed');
          return askWithButtons(step, say.saveFailed, [{ title: B.retry, synonyms: ['thử lại', 'gửi lại', ...YES] }, { title: B.cancel, synonyms: NO }], say.chooseButton);
        }
      },
      async (step) => {
        if (step.result === B.retry) return step.replaceDialog(COMMIT_DIALOG, step.options);
        await step.context.sendActivity(say.cancelled);
        return step.endDialog();
      },
    ]);
  }
}

const EDIT_CHOICES: ButtonChoice[] = [
  { title: B.editCommune, synonyms: ['xã', 'phường', 'xã phường'] },
  { title: B.editDetails, synonyms: ['nội dung', 'câu hỏi'] },
  { title: B.editPhone, synonyms: ['số', 'điện thoại', 'sđt'] },
];
const EDIT_FIELDS: Record<string, Field> = { [B.editCommune]: 'commune', [B.editDetails]: 'details', [B.editPhone]: 'phone' };

function kindOf(o: EscalationOptions): TicketKind {
  return o.kind ?? (o.reason === 'scam' ? 'scam_report' : 'question');
}

async function validatePhone(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = prompt.recognized.value ?? '';
  if (recognizeChoice(text, [{ title: B.phoneNo, synonyms: [...NO, 'bỏ qua'] }])) {
    prompt.recognized.value = '';
    return true;
  }
  const phone = parseMobileNumber(text);
  if (!phone) return false;
  prompt.recognized.value = phone;
  return true;
}
