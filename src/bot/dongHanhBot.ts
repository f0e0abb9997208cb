/**
 * Đồng hành's `ActivityHandler`: welcomes people who join, checks each message (attachments, emoji, length,
 * secrets) and hands real text to the dialogs, then saves conversation and user state. Every collaborator is
 * injected, so tests run it on botbuilder's TestAdapter with small fakes.
 */
import {
  ActivityHandler,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { runDialog, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { RootDialog } from '../../dialogs/rootDialog';
import type { ScamCheckService } from '../../dialogs/scamCheckDialog';
import { hasMaskedSecrets, maskSecrets } from '../escalation/masking';
import type { Logger } from '../logging';
import { actionFromValue } from './actions';
import type { ConversationData, UserProfile } from './conversationData';
import { rememberMaskedText } from './maskedText';
import { MAX_TEXT_LENGTH, readInput, type Input } from './input';
import { mainMenuButtons } from './menu';
import { botText as T } from './messages';
import { Responder } from './responder';
import type { FeedbackRecorder, KnowledgeProvider } from './types';

export interface DongHanhBotDeps {
  knowledge: KnowledgeProvider;
  conversationState: ConversationState;
  userState: UserState;
  feedback: FeedbackRecorder;
  logger: Logger;
  /** The escalation dialog (id `donghanh.forward`), when that feature is present. */
  forwardDialog?: Dialog;
  /** The scam checker ("kiểm tra tin nhắn này", pasted messages), when that feature is present. */
  scamChecker?: ScamCheckService;
  now?: () => number;
}

export class DongHanhBot extends ActivityHandler {
  private readonly deps: DongHanhBotDeps;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  private readonly userProfile: StatePropertyAccessor<UserProfile>;
  private readonly responder: Responder;
  private readonly dialog: RootDialog;
  private readonly now: () => number;

  constructor(deps: DongHanhBotDeps) {
    super();
    for (const key of ['knowledge', 'conversationState', 'userState', 'feedback', 'logger'] as const) {
      if (!deps?.[key]) throw new Error(`[DongHanhBot]: Missing parameter "${key}"`);
    }
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.conversationData = deps.conversationState.createProperty<ConversationData>('conversationData');
    this.userProfile = deps.userState.createProperty<UserProfile>('userProfile');
    this.responder = new Responder({
      knowledge: deps.knowledge,
      feedback: deps.feedback,
      conversationData: this.conversationData,
      logger: deps.logger,
    });
    this.dialog = new RootDialog({
      responder: this.responder,
      conversationData: this.conversationData,
      logger: deps.logger,
      ...(deps.forwardDialog ? { forwardDialog: deps.forwardDialog } : {}),
      ...(deps.scamChecker ? { scamChecker: deps.scamChecker } : {}),
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      // One greeting per conversation start, however many people the channel lists as joining.
      if (joined.length > 0) {
        const profile = await this.userProfile.get(context, {});
        await this.responder.welcome(context, profile.firstSeenAt !== undefined);
        this.touch(profile);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      this.touch(await this.userProfile.get(context, {}));
      if (actionFromValue(context.activity.value)) {
        await runDialog(this.dialog, context, this.dialogState);
      } else {
        const input = readInput(context.activity);
        if (input.kind === 'text') await this.onText(context, input);
        else await this.onNonText(context, input);
      }
      await next();
    });
  }

  /**
   * Loads both states up front and saves them after every turn, including turns that only greeted. Asked for
   * together, a storage that batches (BotStateStorage) reads them in one query and writes them in one statement.
   */
  async run(context: TurnContext): Promise<void> {
    const { conversationState, userState } = this.deps;
    await Promise.all([conversationState.load(context), userState.load(context)]);
    await super.run(context);
    await Promise.all([conversationState.saveChanges(context, false), userState.saveChanges(context, false)]);
  }

  private async onText(context: TurnContext, input: Extract<Input, { kind: 'text' }>): Promise<void> {
    // The masked text is what dialog state, logs and a forwarded question get; the original is only matched.
    const masked = maskSecrets(input.text);
    rememberMaskedText(context, masked.text);
    // A channel may have masked the text already (hasMaskedSecrets); the citizen is warned all the same.
    if (masked.found.length > 0 || hasMaskedSecrets(input.text)) {
      this.deps.logger.info({ conversationId: context.activity.conversation.id, masked: masked.found }, 'secrets masked');
      await this.responder.notice(context, T.secretsMasked);
    }
    if (input.truncated) await this.responder.notice(context, T.tooLong(MAX_TEXT_LENGTH));
    context.activity.text = input.text;
    await runDialog(this.dialog, context, this.dialogState);
  }

  private async onNonText(context: TurnContext, input: Exclude<Input, { kind: 'text' }>): Promise<void> {
    this.deps.logger.info({ conversationId: context.activity.conversation.id, input: input.kind }, 'non-text message');
    const data = await this.conversationData.get(context, {});
    const raw = (context.activity.text ?? '').trim();
    // 👍 or 👎 on its own right after an answer is feedback on that answer.
    if (input.kind === 'emoji' && data.lastEntryId && (raw === '👍' || raw === '👎')) {
      await this.responder.feedback(context, data.lastEntryId, raw === '👍');
      return;
    }
    const text = {
      empty: T.emptyMessage,
      emoji: T.stickerReceived,
      sticker: T.stickerReceived,
      symbols: T.symbolsOnly,
      image: T.imageReceived,
      file: T.imageReceived,
      audio: T.audioReceived,
    }[input.kind];
    // Keep offering the buttons the citizen had, or the main menu if there were none.
    await this.responder.notice(context, text, data.offered?.length ? data.offered : mainMenuButtons);
  }

  private touch(profile: UserProfile): void {
    const now = this.now();
    profile.firstSeenAt ??= now;
    profile.lastSeenAt = now;
  }
}
