/** Runs DongHanhBot on botbuilder's TestAdapter and collects what it says, one turn at a time. */
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type CardAction,
  type Storage,
} from 'botbuilder';
import { DongHanhBot } from '../../src/bot/dongHanhBot';
import { createOnTurnError } from '../../src/bot/onTurnError';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Matcher } from '../../src/matching/types';
import { captureLogger, type CapturedLogger } from '../fakes/captureLogger';
import { MemoryFeedback } from '../fakes/feedbackRecorder';
import { fakeKnowledgeBase } from '../fakes/knowledgeBase';
import { scriptedMatcher, type Script } from '../fakes/scriptedMatcher';

export interface HarnessOptions {
  script?: Script;
  matcher?: Matcher;
  kb?: KnowledgeBase;
  storage?: Storage;
  channelId?: string;
  feedback?: MemoryFeedback;
  conversationId?: string;
}

export interface Harness {
  adapter: TestAdapter;
  bot: DongHanhBot;
  feedback: MemoryFeedback;
  log: CapturedLogger;
  asked: string[];
  storage: Storage;
  /** Sends one activity (text or partial activity) and returns every reply of that turn. */
  send(input: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  /** The conversationUpdate a channel sends when the user opens the chat. */
  join(): Promise<Partial<Activity>[]>;
  /** Clicks a suggested action of a reply: sends what Web Chat sends for a messageBack button. */
  click(reply: Partial<Activity> | undefined, title: string): Promise<Partial<Activity>[]>;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const kb = options.kb ?? fakeKnowledgeBase();
  const scripted = scriptedMatcher(kb, options.script ?? {});
  const matcher = options.matcher ?? scripted;
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const feedback = options.feedback ?? new MemoryFeedback();
  const log = captureLogger('info');
  const bot = new DongHanhBot({
    knowledge: () => ({ knowledge: kb, matcher }),
    conversationState,
    userState,
    feedback,
    logger: log.logger,
  });
  const conversation = TestAdapter.createConversation(options.conversationId ?? 'Convo1');
  conversation.channelId = options.channelId ?? 'directline';
  const adapter = new TestAdapter(conversation);
  const logic = (context: Parameters<DongHanhBot['run']>[0]) => bot.run(context);
  adapter.onTurnError = createOnTurnError({ conversationState, logger: log.logger });

  const drain = (): Partial<Activity>[] => {
    const out: Partial<Activity>[] = [];
    for (let r = adapter.getNextReply(); r; r = adapter.getNextReply()) out.push(r);
    return out;
  };
  const send = async (input: string | Partial<Activity>) => {
    const activity = typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', ...input };
    await adapter.processActivity(activity, logic);
    return drain();
  };
  return {
    adapter,
    bot,
    feedback,
    log,
    asked: scripted.asked,
    storage,
    send,
    join: () =>
      send({
        type: 'conversationUpdate',
        membersAdded: [conversation.user!, conversation.bot!],
      }),
    click: (reply, title) => {
      const action = buttonsOf(reply).find((a) => a.title === title);
      if (!action) throw new Error(`no button "${title}" in: ${buttonsOf(reply).map((a) => a.title).join(' | ')}`);
      return send({ text: action.text ?? action.title, value: action.value, channelData: { messageBack: { displayText: action.displayText } } });
    },
  };
}

export function buttonsOf(reply: Partial<Activity> | undefined): CardAction[] {
  return reply?.suggestedActions?.actions ?? [];
}

export function titlesOf(reply: Partial<Activity> | undefined): string[] {
  return buttonsOf(reply).map((a) => a.title);
}

/** The Adaptive Card of a reply, if it has one. */
export function cardOf(reply: Partial<Activity> | undefined): { body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> } | undefined {
  const attachment = reply?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as ReturnType<typeof cardOf>;
}

/** All the text a card shows, joined, for "the card says…" assertions. */
export function cardText(reply: Partial<Activity> | undefined): string {
  return (cardOf(reply)?.body ?? []).map((b) => String(b.text ?? '')).join('\n');
}

/** The last reply that carries buttons: the one Web Chat shows suggested actions for. */
export function lastWithButtons(replies: Partial<Activity>[]): Partial<Activity> | undefined {
  return [...replies].reverse().find((r) => buttonsOf(r).length > 0);
}
