/**
 * The escalation dialog inside the real bot: every way in (fallback button, "Không phải các ý trên", the menu,
 * asking for a person, an entry whose action is escalate) and "tra cứu" from anywhere in the conversation.
 */
import { type Activity, ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { EscalationDialog } from '../../dialogs/escalationDialog';
import { DongHanhBot } from '../../src/bot/dongHanhBot';
import { escalationText as say } from '../../src/escalation/messages';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { captureLogger } from '../fakes/captureLogger';
import { MemoryFeedback } from '../fakes/feedbackRecorder';
import { fakeKnowledgeBase } from '../fakes/knowledgeBase';
import { scriptedMatcher } from '../fakes/scriptedMatcher';
import { communes, settings } from './escalationHarness';

const B = say.buttons;
const UNKNOWN = 'xin giấy phép nuôi chim yến trong nhà';

let db: AppDatabase;
let tickets: SqlTicketRepository;

beforeEach(async () => {
  db = await openDatabase('sqlite::memory:');
  tickets = new SqlTicketRepository(db, { provinceCode: 'TH' });
});
afterEach(() => db.close());

function botChat() {
  const kb = fakeKnowledgeBase();
  const matcher = scriptedMatcher(kb, {
    'tạm trú': { outcome: 'clarify', ids: ['cu-tru.tam-tru', 'vneid.quen-passcode'] },
    'tôi muốn gửi phản ánh': { outcome: 'answer', ids: ['lien-he.phan-anh'] },
  });
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const logger = captureLogger('info').logger;
  const bot = new DongHanhBot({
    knowledge: () => ({ knowledge: kb, matcher }),
    conversationState,
    userState: new UserState(storage),
    feedback: new MemoryFeedback(),
    logger,
    forwardDialog: new EscalationDialog({ tickets, communes: () => communes, settings: () => settings, logger }),
  });
  const conversation = TestAdapter.createConversation('conv-bot', 'citizen-bot');
  conversation.channelId = 'webchat';
  const adapter = new TestAdapter(conversation);
  const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.processActivity({ type: 'message', ...activity }, (context) => bot.run(context));
    const out: Partial<Activity>[] = [];
    for (let r = adapter.getNextReply(); r; r = adapter.getNextReply()) out.push(r);
    return out;
  };
  return {
    say: (text: string) => send({ text }),
    /** Taps a button as Web Chat does: its text, plus its value for messageBack buttons. */
    tap: (replies: Partial<Activity>[], title: string) => {
      const action = replies.flatMap((r) => r.suggestedActions?.actions ?? []).find((a) => a.title === title);
      if (!action) throw new Error(`no button "${title}"`);
      return send(action.type === 'messageBack' ? { text: action.text ?? title, value: action.value } : { text: String(action.value) });
    },
  };
}

const text = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? '').join('\n');

/** From the commune question to a filed ticket: "dinh hoa", the details (or keep the pre-filled question), no phone, send. */
async function finish(chat: ReturnType<typeof botChat>, details?: string): Promise<string> {
  await chat.say('dinh hoa');
  await chat.say(details ?? B.keep);
  await chat.say(B.phoneNo);
  const sent = await chat.say(B.confirm);
  const page = await tickets.list({ scope: { all: true }, limit: 5 });
  expect(page.total).toBe(1);
  expect(text(sent)).toContain(page.tickets[0]!.code);
  return page.tickets[0]!.code;
}

test('a question the bot cannot answer: "Gửi phản ánh cho Công an xã" under the fallback files it, pre-filled', async () => {
  const chat = botChat();
  const fallback = await chat.say(UNKNOWN);
  const intro = await chat.tap(fallback, 'Gửi phản ánh cho Công an xã');
  expect(text(intro)).toContain(say.askCommune);
  expect(text(await chat.say('dinh hoa'))).toContain(UNKNOWN);
  await chat.say(B.keep);
  await chat.say(B.phoneNo);
  await chat.say(B.confirm);
  expect((await tickets.list({ scope: { all: true }, limit: 5 })).tickets[0]?.subject).toBe(UNKNOWN);
});

test('"Không phải các ý trên" after a clarification offers to forward the question', async () => {
  const chat = botChat();
  const clarify = await chat.say('tạm trú');
  const offer = await chat.tap(clarify, 'Không phải các ý trên');
  expect(text(offer)).toBe(say.offer);
  expect(text(await chat.tap(offer, B.send))).toContain(say.askCommune);
  await finish(chat);
});

test.each([
  { how: 'asking for a person', start: (chat: ReturnType<typeof botChat>) => chat.say('cho tôi gặp cán bộ') },
  { how: 'the main menu button', start: async (chat: ReturnType<typeof botChat>) => chat.tap(await chat.say('menu'), 'Gửi phản ánh cho Công an xã') },
  { how: 'an entry whose action is escalate', start: (chat: ReturnType<typeof botChat>) => chat.say('tôi muốn gửi phản ánh') },
])('$how starts the form directly', async ({ start }) => {
  const chat = botChat();
  const first = await start(chat);
  expect(text(first)).toContain(say.askCommune);
  expect(text(first)).not.toContain(say.offer);
  await finish(chat, 'Tôi cần hỏi về việc xác nhận thông tin cư trú');
});

test('the question that matched an escalate entry is attached, not offered as the details', async () => {
  const chat = botChat();
  await chat.say('tôi muốn gửi phản ánh');
  expect(text(await chat.say('dinh hoa'))).toBe(say.askDetails('question'));
  const code = await finish2(chat);
  const ticket = await tickets.findByCode(code);
  expect((await tickets.messages(ticket!.id)).map((m) => m.body)).toEqual(['tôi muốn gửi phản ánh', 'Xe máy bị mất trộm đêm qua ở thôn 2']);
});

async function finish2(chat: ReturnType<typeof botChat>): Promise<string> {
  await chat.say('Xe máy bị mất trộm đêm qua ở thôn 2');
  await chat.say(B.phoneNo);
  await chat.say(B.confirm);
  return (await tickets.list({ scope: { all: true }, limit: 1 })).tickets[0]!.code;
}

test('"tra cứu <mã>" works at any time in the conversation, and "menu" leaves the form', async () => {
  const chat = botChat();
  await chat.say('gặp cán bộ');
  const code = await finish(chat, 'Tôi cần hỏi về việc xác nhận thông tin cư trú');
  expect(text(await chat.say(`tra cứu ${code}`))).toContain(`Phản ánh ${code}: Mới`);
  await chat.say('gặp cán bộ');
  await chat.say(B.sendNew);
  const menu = await chat.say('menu');
  expect(text(menu)).not.toContain(say.askCommune);
  expect((await tickets.list({ scope: { all: true }, limit: 5 })).total).toBe(1);
});
