/**
 * The conversation's entry point. Each message is routed once:
 *   a button (its value, or its title sent back as text) → what the button does;
 *   "menu" / "bắt đầu lại" → the main menu, abandoning whatever was pending;
 *   "kiểm tra tin nhắn này", a pasted SMS, a number or site confirmed as a scam → the scam checker (when configured);
 *   small talk → a short friendly reply;
 *   anything else is a question → the matcher: answer, clarify (a child dialog that waits one turn), or fallback.
 * The bot has already checked the message and cut it to length. The original text is matched; whatever is kept
 * (dialog state, a question to forward) is the masked copy from `maskedText`.
 */
import type { StatePropertyAccessor } from 'botbuilder';
import {
  ComponentDialog,
  type Dialog,
  type DialogContext,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { recognizeEscalationIntent } from '../src/escalation/intents';
import type { Logger } from '../src/logging';
import { actionFromText, actionFromValue, labelKey, type BotAction } from '../src/bot/actions';
import type { ConversationData } from '../src/bot/conversationData';
import { maskedText } from '../src/bot/maskedText';
import type { Responder } from '../src/bot/responder';
import { smallTalkKind } from '../src/bot/smallTalk';
import { ClarifyDialog, type ClarifyOptions, type ClarifyResult } from './clarifyDialog';
import { CLARIFY_DIALOG, FORWARD_DIALOG, ROOT_DIALOG, ROUTE_WATERFALL } from './dialogIds';
import { SCAM_CHECK_DIALOG, ScamCheckDialog, type ScamCheckOptions, type ScamCheckService } from './scamCheckDialog';

export interface RootDialogDeps {
  responder: Responder;
  conversationData: StatePropertyAccessor<ConversationData>;
  logger: Logger;
  /**
   * The dialog that forwards a question to the commune police (the escalation issue), begun with
   * `{ question, reason }`, or `{ command }` for "tra cứu <mã>", "bổ sung …", "gặp cán bộ". Without it, the bot says how to contact the commune police instead.
   */
  forwardDialog?: Dialog;
  /** The scam checker (issue 6): "kiểm tra tin nhắn này", pasted messages, entries whose action is `scam-check`. */
  scamChecker?: ScamCheckService;
}

/** What people type to start over, compared without case, punctuation or diacritics. */
const RESTART_COMMANDS = new Set(
  ['menu', 'menu chính', 'về menu chính', 'bắt đầu lại', 'bắt đầu', 'làm lại', 'quay lại', 'trở về', 'start', 'restart', 'help', 'trợ giúp'].map(labelKey),
);

export function isRestartCommand(text: string): boolean {
  return RESTART_COMMANDS.has(labelKey(text));
}

export class RootDialog extends ComponentDialog {
  private readonly responder: Responder;
  private readonly data: StatePropertyAccessor<ConversationData>;
  private readonly logger: Logger;
  private readonly canForward: boolean;
  private readonly scamCheck?: ScamCheckDialog;

  constructor(deps: RootDialogDeps) {
    super(ROOT_DIALOG);
    for (const key of ['responder', 'conversationData', 'logger'] as const) {
      if (!deps[key]) throw new Error(`[RootDialog]: Missing parameter "${key}"`);
    }
    this.responder = deps.responder;
    this.data = deps.conversationData;
    this.logger = deps.logger;
    this.canForward = deps.forwardDialog !== undefined;
    if (deps.forwardDialog && deps.forwardDialog.id !== FORWARD_DIALOG) {
      throw new Error(`[RootDialog]: forwardDialog must have id "${FORWARD_DIALOG}"`);
    }
    this.addDialog(new WaterfallDialog(ROUTE_WATERFALL, [this.route.bind(this), this.afterChild.bind(this)]));
    this.addDialog(new ClarifyDialog(CLARIFY_DIALOG, this.responder, this.data));
    if (deps.forwardDialog) this.addDialog(deps.forwardDialog);
    if (deps.scamChecker) {
      this.scamCheck = new ScamCheckDialog({ checker: deps.scamChecker, responder: this.responder, conversationData: this.data, logger: this.logger });
      this.addDialog(this.scamCheck);
    }
    this.initialDialogId = ROUTE_WATERFALL;
  }

  /** "menu" / "bắt đầu lại" interrupts any waiting child dialog (clarify, forwarding) and starts over. */
  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    if (text && isRestartCommand(text)) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE_WATERFALL);
    }
    return super.onContinueDialog(innerDc);
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const text = (context.activity.text ?? '').trim();
    const data = await this.data.get(context, {});

    const action = actionFromValue(context.activity.value) ?? actionFromText(text, data.offered);
    if (action) return this.act(step, action);
    if (isRestartCommand(text)) {
      await this.responder.menu(context, 'main');
      return step.endDialog();
    }
    // Escalation commands ("tra cứu <mã>", "bổ sung …", "gặp cán bộ") are answered by the forwarding dialog.
    const command = this.canForward ? recognizeEscalationIntent(text) : undefined;
    if (command) return step.beginDialog(FORWARD_DIALOG, { command });
    const scamCheck = this.scamCheck?.startFor(text);
    if (scamCheck) return step.beginDialog(SCAM_CHECK_DIALOG, scamCheck);
    const chat = smallTalkKind(text);
    if (chat) {
      await this.responder.smallTalk(context, chat);
      return step.endDialog();
    }
    return this.ask(step, text);
  }

  private async ask(step: WaterfallStepContext, text: string): Promise<DialogTurnResult> {
    const { matcher } = this.responder.knowledge;
    const result = matcher.match(text);
    const question = maskedText(step.context);
    this.logger.info(
      {
        conversationId: step.context.activity.conversation.id,
        outcome: result.outcome,
        entryId: result.entry?.id,
        score: Number(result.score.toFixed(3)),
        candidates: result.candidates.map((c) => c.entry.id),
        length: text.length,
      },
      'question matched',
    );
    if (result.outcome === 'answer' && result.entry) {
      if (result.entry.action === 'escalate') return this.forward(step, question, 'action');
      if (result.entry.action === 'scam-check' && this.scamCheck) return this.beginScamCheck(step);
      await this.responder.answer(step.context, result.entry);
      return step.endDialog();
    }
    if (result.outcome === 'clarify' && result.candidates.length > 0) {
      const options: ClarifyOptions = { question, entryIds: result.candidates.map((c) => c.entry.id) };
      return step.beginDialog(CLARIFY_DIALOG, options);
    }
    await this.responder.fallback(step.context, question);
    return step.endDialog();
  }

  private async act(step: WaterfallStepContext, action: BotAction): Promise<DialogTurnResult> {
    const context = step.context;
    switch (action.kind) {
      case 'menu':
        if (action.menu === 'report') return this.forward(step, '', 'menu');
        await this.responder.menu(context, action.menu);
        break;
      case 'group':
        await this.responder.group(context, action.group);
        break;
      case 'entry': {
        const entry = this.responder.knowledge.knowledge.byId.get(action.entryId);
        if (entry?.action === 'escalate') return this.forward(step, '', 'action');
        if (entry?.action === 'scam-check' && this.scamCheck) return this.beginScamCheck(step);
        await this.responder.answerById(context, action.entryId);
        break;
      }
      case 'feedback':
        await this.responder.feedback(context, action.entryId, action.helpful);
        break;
      case 'not-listed':
        return this.forward(step, action.question, 'menu');
      case 'scam-report':
        if (this.canForward) return step.beginDialog(FORWARD_DIALOG, { reason: 'scam', kind: 'scam_report', question: action.message });
        await this.responder.offerForward(context);
        break;
    }
    return step.endDialog();
  }

  /** `reason` tells the forwarding dialog whether the citizen asked for it ('menu', 'action') or is being offered it. */
  private async forward(step: WaterfallStepContext, question: string, reason: 'menu' | 'action' | 'not-listed'): Promise<DialogTurnResult> {
    if (this.canForward) return step.beginDialog(FORWARD_DIALOG, { question, reason });
    await this.responder.offerForward(step.context);
    return step.endDialog();
  }

  /** "Dán tin nhắn vào đây": the checker waits for the message. */
  private beginScamCheck(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(SCAM_CHECK_DIALOG, { trigger: 'menu' } satisfies ScamCheckOptions);
  }

  private async afterChild(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as ClarifyResult | undefined;
    if (result?.kind === 'chosen') {
      await this.responder.answerById(step.context, result.entryId);
      return step.endDialog();
    }
    if (result?.kind === 'not-listed') return this.forward(step, result.question, 'not-listed');
    if (result?.kind === 'reroute') return step.replaceDialog(ROUTE_WATERFALL);
    return step.endDialog();
  }
}
