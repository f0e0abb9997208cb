/**
 * Everything the bot says, as actions on one turn: menus, answers, feedback thanks, the forwarding offer, small
 * talk. Each method sends its messages and remembers the buttons it offered, so a button whose title comes back as
 * plain text (channels without messageBack, or a citizen typing the label) still means the same thing.
 */
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { Entry } from '../knowledge/schema';
import type { MenuId, OfferedButton } from './actions';
import type { ConversationData } from './conversationData';
import { backToMenu, groupReply, mainMenuButtons, menuReply } from './menu';
import { botText as T } from './messages';
import { renderAnswer } from './render/answer';
import { policeContactText } from './render/policeContact';
import { messageWithButtons } from './render/replies';
import type { SmallTalkKind } from './smallTalk';
import type { FeedbackRecorder, KnowledgeProvider } from './types';

export interface ResponderDeps {
  knowledge: KnowledgeProvider;
  feedback: FeedbackRecorder;
  conversationData: StatePropertyAccessor<ConversationData>;
  logger: Logger;
}

export class Responder {
  constructor(private readonly deps: ResponderDeps) {
    for (const key of ['knowledge', 'feedback', 'conversationData', 'logger'] as const) {
      if (!deps[key]) throw new Error(`[Responder]: Missing parameter "${key}"`);
    }
  }

  get knowledge() {
    return this.deps.knowledge();
  }

  async welcome(context: TurnContext, returning: boolean): Promise<void> {
    const { settings } = this.knowledge.knowledge;
    await this.send(context, [messageWithButtons(returning ? T.welcomeBack : T.welcome(settings), mainMenuButtons)], mainMenuButtons);
  }

  async menu(context: TurnContext, menu: MenuId): Promise<void> {
    if (menu === 'report') return this.offerForward(context);
    const reply = menuReply(menu, this.knowledge.knowledge);
    await this.send(context, [messageWithButtons(reply.text, reply.buttons)], reply.buttons);
  }

  async group(context: TurnContext, group: string): Promise<void> {
    const reply = groupReply(this.knowledge.knowledge, group);
    await this.send(context, [messageWithButtons(reply.text, reply.buttons)], reply.buttons);
  }

  /** Answers an entry by id; an id that no longer exists (knowledge changed since the button was drawn) falls back politely. */
  async answerById(context: TurnContext, entryId: string): Promise<void> {
    const entry = this.knowledge.knowledge.byId.get(entryId);
    if (!entry) return this.fallback(context);
    return this.answer(context, entry);
  }

  async answer(context: TurnContext, entry: Entry): Promise<void> {
    // Greetings and thanks written by trainers are conversation, not procedures: no card, no 👍/👎.
    if (entry.group === 'chung') {
      await this.send(context, [messageWithButtons(entry.answer, mainMenuButtons)], mainMenuButtons);
      return;
    }
    const rendered = renderAnswer(entry, this.knowledge.knowledge, context.activity.channelId);
    await this.send(context, rendered.activities, rendered.buttons);
    const data = await this.deps.conversationData.get(context, {});
    data.lastEntryId = entry.id;
  }

  async feedback(context: TurnContext, entryId: string, helpful: boolean): Promise<void> {
    await this.deps.feedback.record({
      entryId,
      helpful,
      channelId: context.activity.channelId,
      conversationId: context.activity.conversation.id,
    });
    this.deps.logger.info({ entryId, helpful, conversationId: context.activity.conversation.id }, 'feedback recorded');
    if (helpful) {
      await this.send(context, [messageWithButtons(T.feedbackThanksYes, mainMenuButtons)], mainMenuButtons);
    } else {
      const buttons = [forwardButton(''), backToMenu];
      await this.send(context, [messageWithButtons(T.feedbackThanksNo, buttons)], buttons);
    }
  }

  /** The offer to bring a question to the commune police: for now, how to contact them. */
  async offerForward(context: TurnContext): Promise<void> {
    const text = policeContactText(this.knowledge.knowledge.settings);
    await this.send(context, [messageWithButtons(text, [backToMenu])], [backToMenu]);
  }

  async fallback(context: TurnContext, question = ''): Promise<void> {
    const buttons = [forwardButton(question), backToMenu];
    await this.send(context, [messageWithButtons(T.fallback, buttons)], buttons);
  }

  async smallTalk(context: TurnContext, kind: SmallTalkKind): Promise<void> {
    const buttons = kind === 'goodbye' ? [] : mainMenuButtons;
    await this.send(context, [messageWithButtons(T.smallTalk[kind], buttons)], buttons);
  }

  async clarify(context: TurnContext, question: string, choices: readonly Entry[]): Promise<void> {
    const buttons: OfferedButton[] = [
      ...choices.map((e) => ({ title: e.title, action: { kind: 'entry', entryId: e.id } }) as OfferedButton),
      { title: T.clarifyNone, action: { kind: 'not-listed', question } },
    ];
    await this.send(context, [messageWithButtons(T.clarifyIntro, buttons)], buttons);
  }

  /** A plain notice (input too long, secrets masked, a sticker) that keeps the buttons already offered. */
  async notice(context: TurnContext, text: string, buttons?: readonly OfferedButton[]): Promise<void> {
    if (buttons) await this.send(context, [messageWithButtons(text, buttons)], buttons);
    else await context.sendActivity(messageWithButtons(text));
  }

  private async send(context: TurnContext, activities: Partial<Activity>[], buttons: readonly OfferedButton[]): Promise<void> {
    await context.sendActivities(activities);
    const data = await this.deps.conversationData.get(context, {});
    data.offered = [...buttons];
  }
}

function forwardButton(question: string): OfferedButton {
  return { title: T.menu.report, action: { kind: 'not-listed', question } };
}
