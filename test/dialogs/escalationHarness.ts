/**
 * Runs the escalation dialog alone on botbuilder's TestAdapter, over a real (in-memory SQLite) ticket repository,
 * and collects what it says turn by turn. Every reply that shows a ticket code is checked, at the moment it is sent,
 * against the database: the code must already name a committed ticket.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Activity, ConversationState, MemoryStorage, type Storage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import YAML from 'yaml';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationBeginOptions } from '../../dialogs/escalationDialog';
import { CommuneMatcher } from '../../src/escalation/communeMatcher';
import { recognizeEscalationIntent } from '../../src/escalation/intents';
import { findTicketCode } from '../../src/escalation/ticketCode';
import type { TicketRepository } from '../../src/escalation/ticketRepository';
import { CommunesFileSchema, type Settings } from '../../src/knowledge/schema';

export const communes = new CommuneMatcher(
  CommunesFileSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, '../fixtures/communes/communes.yaml'), 'utf8'))),
);

export const settings: Settings = {
  province: { name: 'Thanh Hóa', code: 'TH' },
  bot: { name: 'Đồng hành' },
  hotlines: [],
  matching: { answer_threshold: 0.45, answer_margin: 0.08, clarify_threshold: 0.25, max_clarify: 3 },
  escalation: { typical_response: 'trong giờ làm việc' },
};

export interface ChatOptions {
  tickets: TicketRepository;
  /** Conversation state storage; share one between chats to model "the same bot", keep per chat otherwise. */
  storage?: Storage;
  conversationId?: string;
  userId?: string;
  channelId?: string;
}

export interface Chat {
  /** Begins the dialog with `options` on this message (when no dialog is waiting), and returns the replies. */
  start(options: EscalationBeginOptions, text?: string): Promise<Partial<Activity>[]>;
  /** One message from the citizen; with no dialog waiting, an escalation command or a plain start (`reason: 'menu'`). */
  send(text: string): Promise<Partial<Activity>[]>;
  /** Taps a button of the last reply that has buttons. */
  tap(replies: Partial<Activity>[], title: string): Promise<Partial<Activity>[]>;
  /** The next turn runs but its dialog state is not saved, as when the process dies before the turn ends. */
  crashAfterNextTurn(): void;
  /** Codes shown to the citizen and whether each was committed at the moment it was shown. */
  shownCodes: { code: string; committed: boolean }[];
}

export function createChat(options: ChatOptions): Chat {
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(new EscalationDialog({ tickets: options.tickets, communes: () => communes, settings: () => settings }));

  const conversation = TestAdapter.createConversation(options.conversationId ?? 'conv-1', options.userId ?? 'citizen-1');
  conversation.channelId = options.channelId ?? 'webchat';
  const adapter = new TestAdapter(conversation);
  const shownCodes: Chat['shownCodes'] = [];
  let nextStart: EscalationBeginOptions | undefined;
  let crash = false;

  adapter.use(async (context: TurnContext, next) => {
    context.onSendActivities(async (_ctx, activities, send) => {
      for (const a of activities) {
        const code = a.text?.includes('Mã phiếu') ? findTicketCode(a.text) : undefined;
        if (code) {
          const ticket = await options.tickets.findByCode(code);
          const messages = ticket ? await options.tickets.messages(ticket.id) : [];
          shownCodes.push({ code, committed: Boolean(ticket) && messages.length > 0 });
        }
      }
      return send();
    });
    await next();
  });

  const logic = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      const command = recognizeEscalationIntent(context.activity.text ?? '');
      await dc.beginDialog(ESCALATION_DIALOG, nextStart ?? (command ? { command } : { reason: 'menu' }));
    }
    nextStart = undefined;
    if (crash) {
      crash = false;
      return;
    }
    await conversationState.saveChanges(context);
  };

  const drain = (): Partial<Activity>[] => {
    const out: Partial<Activity>[] = [];
    for (let r = adapter.getNextReply(); r; r = adapter.getNextReply()) out.push(r);
    return out;
  };
  const send = async (text: string): Promise<Partial<Activity>[]> => {
    await adapter.processActivity({ type: 'message', text }, logic);
    return drain();
  };
  return {
    start: (startOptions, text = 'xin chào') => {
      nextStart = startOptions;
      return send(text);
    },
    send,
    tap: (replies, title) => {
      const titles = titlesOf(lastWithButtons(replies));
      if (!titles.includes(title)) throw new Error(`no button "${title}" in: ${titles.join(' | ')}`);
      return send(title);
    },
    crashAfterNextTurn: () => {
      crash = true;
    },
    shownCodes,
  };
}

export function textOf(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n');
}

export function lastWithButtons(replies: Partial<Activity>[]): Partial<Activity> | undefined {
  return [...replies].reverse().find((r) => (r.suggestedActions?.actions.length ?? 0) > 0);
}

export function titlesOf(reply: Partial<Activity> | undefined): string[] {
  return (reply?.suggestedActions?.actions ?? []).map((a) => a.title);
}
