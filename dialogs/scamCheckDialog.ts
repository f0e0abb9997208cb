/**
 * "Is this a scam?" in the conversation. The root dialog begins it when a citizen asks for a check ("kiểm tra tin
 * nhắn này"), chooses "Kiểm tra tin nhắn/đường link" or an entry whose action is `scam-check`, pastes what reads like
 * a received message, or mentions a number or site already confirmed as a scam (`startFor` decides). Given the text
 * it answers at once; otherwise it asks the citizen to paste it and waits one turn. Anything that is not something to
 * check (a button, "tra cứu <mã>", a new question) is handed back to the root dialog, as the clarify dialog does.
 *
 * The verdict's "Báo cho Công an xã" button carries the checked message masked (src/escalation/masking.ts); the
 * original is only checked, never stored: it is not in dialog options or state past this turn.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { actionFromText, actionFromValue } from '../src/bot/actions';
import type { ConversationData } from '../src/bot/conversationData';
import { backToMenu, mainMenuButtons } from '../src/bot/menu';
import type { Responder } from '../src/bot/responder';
import { isCancel, recognizeEscalationIntent } from '../src/escalation/intents';
import { maskSecrets } from '../src/escalation/masking';
import type { Logger } from '../src/logging';
import { scamChatText as say } from '../src/scam/chatMessages';
import { mentionsLinkOrPhone, recognizeCheckRequest } from '../src/scam/checkRequest';
import { COMPUTED_CODES } from '../src/scam/findingCodes';
import { readPastedMessage } from '../src/scam/pastedMessage';
import type { ScamAnalysis, ScamVerdict } from '../src/scam/types';
import { renderScamCheckReply } from './scamCheckReply';

/** Stored in conversation state while waiting for the paste: never rename. */
export const SCAM_CHECK_DIALOG = 'donghanh.scamCheck';

/** The part of `ScamChecker` the conversation uses. */
export interface ScamCheckService {
  checkAsync(text: string): Promise<ScamVerdict>;
  analyse(text: string): ScamAnalysis;
}

/** Why the check runs; logged (without the text) to see how citizens reach it. */
export type ScamCheckTrigger = 'asked' | 'pasted' | 'reported' | 'menu';

export interface ScamCheckOptions {
  trigger: ScamCheckTrigger;
  /** What to check; absent: ask the citizen to paste it. */
  text?: string;
}

/** Same shape as the clarify dialog's: the root routes the turn afresh. */
export type ScamCheckResult = { kind: 'reroute' } | undefined;

export interface ScamCheckDeps {
  checker: ScamCheckService;
  responder: Responder;
  conversationData: StatePropertyAccessor<ConversationData>;
  logger: Logger;
}

/** Shorter than this, and not a link, a number or a pasted message, a reply to "dán vào đây" is not a message. */
const MIN_WORDS_TO_CHECK = 4;
const REPORTED_CODES = new Set<string>([COMPUTED_CODES.reportedPhone, COMPUTED_CODES.reportedDomain]);

export class ScamCheckDialog extends Dialog<ScamCheckOptions> {
  constructor(private readonly deps: ScamCheckDeps) {
    super(SCAM_CHECK_DIALOG);
    for (const key of ['checker', 'responder', 'conversationData', 'logger'] as const) {
      if (!deps?.[key]) throw new Error(`[ScamCheckDialog]: Missing parameter "${key}"`);
    }
  }

  /** Whether the root should begin this dialog for a message nobody has routed yet, and with what. */
  startFor(text: string): ScamCheckOptions | undefined {
    const request = recognizeCheckRequest(text);
    if (request) return request.kind === 'check' ? { trigger: 'asked', text: request.text } : { trigger: 'asked' };
    if (readPastedMessage(text).pasted) return { trigger: 'pasted', text };
    // A question naming a number or site staff already confirmed deserves the warning more than an FAQ answer.
    if (mentionsLinkOrPhone(text) && this.deps.checker.analyse(text).findings.some((f) => REPORTED_CODES.has(f.code))) {
      return { trigger: 'reported', text };
    }
    return undefined;
  }

  async beginDialog(dc: DialogContext, options?: ScamCheckOptions): Promise<DialogTurnResult> {
    const trigger = options?.trigger ?? 'menu';
    if (options?.text?.trim()) {
      await this.check(dc.context, options.text, trigger);
      return dc.endDialog();
    }
    dc.activeDialog!.state = { trigger };
    await this.deps.responder.notice(dc.context, say.askToPaste, [backToMenu]);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    const text = (activity.text ?? '').trim();
    const data = await this.deps.conversationData.get(dc.context, {});
    if (actionFromValue(activity.value) ?? actionFromText(text, data.offered)) return reroute(dc);
    if (isCancel(text)) {
      await this.deps.responder.notice(dc.context, say.notChecked, mainMenuButtons);
      return dc.endDialog();
    }
    if (!text || recognizeEscalationIntent(text) || !worthChecking(text)) return reroute(dc);
    const { trigger } = dc.activeDialog!.state as { trigger: ScamCheckTrigger };
    await this.check(dc.context, text, trigger);
    return dc.endDialog();
  }

  private async check(context: TurnContext, text: string, trigger: ScamCheckTrigger): Promise<void> {
    const verdict = await this.deps.checker.checkAsync(text);
    this.deps.logger.info(
      {
        conversationId: context.activity.conversation?.id,
        trigger,
        risk: verdict.risk,
        topic: verdict.topic,
        reasons: verdict.reasons.map((r) => r.code),
        links: verdict.urls.length,
      },
      'scam check',
    );
    const reply = renderScamCheckReply(verdict, this.deps.responder.knowledge.knowledge, maskSecrets(text).text);
    await this.deps.responder.notice(context, reply.text, reply.buttons);
  }
}

/** A reply to "dán vào đây" that is a link, a number, a pasted message or a few words that are not a question. */
function worthChecking(text: string): boolean {
  if (mentionsLinkOrPhone(text)) return true;
  const reading = readPastedMessage(text);
  if (reading.pasted) return true;
  return reading.questionTraits.length === 0 && text.split(/\s+/).length >= MIN_WORDS_TO_CHECK;
}

function reroute(dc: DialogContext): Promise<DialogTurnResult> {
  return dc.endDialog({ kind: 'reroute' } satisfies ScamCheckResult);
}
