/**
 * "Is this a scam?" inside the real bot, over the shipped knowledge and scam rules, with the real escalation dialog
 * and ticket repository (in-memory SQLite): paste → verdict → "Báo cho Công an xã" → a scam_report ticket holding the
 * masked message; and every other way in (asking in words, the menu, an entry whose action is scam-check).
 */
import path from 'node:path';
import { type Activity, ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { EscalationDialog } from '../../dialogs/escalationDialog';
import { DongHanhBot } from '../../src/bot/dongHanhBot';
import { botText as T } from '../../src/bot/messages';
import { escalationText as say } from '../../src/escalation/messages';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import type { ScamChecker } from '../../src/scam/checker';
import { scamChatText as scamSay } from '../../src/scam/chatMessages';
import { RISK_LABELS, RULES_REMINDER } from '../../src/scam/messages';
import { InMemoryReportedIndicators } from '../../src/scam/reportedIndicators';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { captureLogger, type CapturedLogger } from '../fakes/captureLogger';
import { MemoryFeedback } from '../fakes/feedbackRecorder';
import { scriptedMatcher } from '../fakes/scriptedMatcher';
import { repoChecker } from '../scam/loadChecker';
import { communes, settings } from './escalationHarness';

const B = say.buttons;
const REPORT = scamSay.buttons.report;
const LEARN = scamSay.buttons.learn;

/** A fake traffic-fine SMS as received, with an OTP and an account number the citizen must not see stored. */
const FAKE_FINE_SMS = [
  '18001096',
  'Cuc CSGT thong bao: Phuong tien BKS 36A-512.xx cua ban co khoan phat nguoi 1.200.000d chua thanh toan. ' +
    'Truy cap https://dichvucongs.top/vn nhap ma OTP 483920 hoac chuyen khoan vao STK 0123456789012 truoc ngay 12/08.',
].join('\n');
const VNEID_APPROVAL_SMS =
  'Cuc Canh sat QLHC ve TTXH thong bao: Ho so dang ky tai khoan dinh danh dien tu muc do 2 cua cong dan LE THI HOA da duoc phe duyet. ' +
  'De nghi truy cap ung dung VNeID hoac dia chi https://vneid.gov.vn de kich hoat tai khoan.';

let kb: KnowledgeBase;
let checker: ScamChecker;
let db: AppDatabase;
let tickets: SqlTicketRepository;

beforeAll(async () => {
  const loaded = await loadKnowledge(path.resolve(__dirname, '../../knowledge'));
  if (!loaded.ok) throw new Error('knowledge/ does not load');
  kb = loaded.knowledge;
  checker = await repoChecker();
});

beforeEach(async () => {
  db = await openDatabase('sqlite::memory:');
  tickets = new SqlTicketRepository(db, { provinceCode: 'TH' });
});
afterEach(() => db.close());

interface ChatOptions {
  channelId?: string;
  checker?: ScamChecker;
}

function botChat(options: ChatOptions = {}) {
  const matcher = scriptedMatcher(kb, {
    'xem hộ cái này': { outcome: 'answer', ids: ['lua-dao.nhan-biet.kiem-tra-tin-nhan'] },
    'làm căn cước ở đâu': { outcome: 'answer', ids: ['can-cuoc.cap-lan-dau'] },
  });
  const storage = new MemoryStorage();
  const log: CapturedLogger = captureLogger('info');
  const bot = new DongHanhBot({
    knowledge: () => ({ knowledge: kb, matcher }),
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    feedback: new MemoryFeedback(),
    logger: log.logger,
    forwardDialog: new EscalationDialog({ tickets, communes: () => communes, settings: () => settings, logger: log.logger }),
    scamChecker: options.checker ?? checker,
  });
  const conversation = TestAdapter.createConversation('conv-scam', 'citizen-scam');
  conversation.channelId = options.channelId ?? 'webchat';
  const adapter = new TestAdapter(conversation);
  const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.processActivity({ type: 'message', ...activity }, (context) => bot.run(context));
    const out: Partial<Activity>[] = [];
    for (let r = adapter.getNextReply(); r; r = adapter.getNextReply()) out.push(r);
    return out;
  };
  return {
    asked: matcher.asked,
    log,
    say: (text: string) => send({ text }),
    /** Taps a button as Web Chat does: its text, plus its value (messageBack). */
    tap: (replies: Partial<Activity>[], title: string) => {
      const action = replies.flatMap((r) => r.suggestedActions?.actions ?? []).find((a) => a.title === title);
      if (!action) throw new Error(`no button "${title}" in: ${titles(replies).join(' | ')}`);
      return send({ text: action.text ?? title, value: action.value });
    },
  };
}

type Chat = ReturnType<typeof botChat>;
const text = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? '').join('\n');
const titles = (replies: Partial<Activity>[]): string[] => replies.flatMap((r) => r.suggestedActions?.actions ?? []).map((a) => a.title);

/** From the commune question to a filed ticket, keeping the pre-filled message; returns the ticket. */
async function fileReport(chat: Chat, afterReport: Partial<Activity>[]) {
  expect(text(afterReport)).toContain('tin nhắn đáng ngờ');
  expect(text(afterReport)).toContain(say.askCommune);
  const prefilled = await chat.say('dinh hoa');
  await chat.say(B.keep);
  await chat.say(B.phoneNo);
  const sent = await chat.say(B.confirm);
  const page = await tickets.list({ scope: { all: true }, limit: 5 });
  expect(page.total).toBe(1);
  const ticket = page.tickets[0]!;
  expect(text(sent)).toContain(ticket.code);
  return { ticket, prefilled };
}

describe('a pasted message', () => {
  test('gets the verdict: level, one sentence per reason, the fraud entry and what to do now, and the two buttons', async () => {
    const chat = botChat();
    const replies = await chat.say(FAKE_FINE_SMS);
    const shown = text(replies);
    expect(shown).toContain(RISK_LABELS.high);
    expect(shown).toContain('Đường link dichvucongs.top giả mạo trang dichvucong.gov.vn: thừa chữ s và không có đuôi .gov.vn.');
    const entry = kb.byId.get('lua-dao.phat-nguoi')!;
    expect(shown).toContain(scamSay.fraudKind(entry.title));
    expect(shown).toContain(`1. ${entry.steps![0]}`);
    expect(titles(replies)).toEqual([REPORT, LEARN, T.menu.mainMenu]);
    // The pasted text went to the checker, not to the FAQ.
    expect(chat.asked).toEqual([]);
  });

  test('"Báo cho Công an xã" files a scam_report ticket with the message masked, and the original never stored', async () => {
    const chat = botChat();
    const verdict = await chat.say(FAKE_FINE_SMS);
    const { ticket, prefilled } = await fileReport(chat, await chat.tap(verdict, REPORT));
    expect(ticket.kind).toBe('scam_report');
    expect(text(prefilled)).toContain('dichvucongs.top/vn');
    expect(text(prefilled)).not.toContain('483920');
    const bodies = [ticket.subject, ...(await tickets.messages(ticket.id)).map((m) => m.body)].join('\n');
    expect(bodies).toContain('https://dichvucongs.top/vn');
    expect(bodies).toContain('[mã đã ẩn]');
    expect(bodies).toMatch(/số tài khoản đã ẩn, đuôi 012/);
    expect(bodies).not.toContain('483920');
    expect(bodies).not.toContain('0123456789012');
  });

  test('a legitimate message is not flagged, and the reply still reminds the rules without calling it safe', async () => {
    const chat = botChat();
    const replies = await chat.say(VNEID_APPROVAL_SMS);
    const shown = text(replies);
    expect(shown).toContain(RISK_LABELS.low);
    expect(shown).not.toContain(RISK_LABELS.high);
    expect(shown).toContain('vneid.gov.vn');
    expect(shown).toContain(RULES_REMINDER);
    expect(shown).not.toMatch(/an toàn tuyệt đối/i);
    expect(titles(replies)).toContain(REPORT);
  });

  test('"Xem cách nhận biết" shows how to spot fake links and numbers', async () => {
    const chat = botChat();
    const verdict = await chat.say(FAKE_FINE_SMS);
    const answer = await chat.tap(verdict, LEARN);
    const cardTitle = answer.flatMap((r) => r.attachments ?? []).map((a) => JSON.stringify(a.content)).join('');
    expect(cardTitle).toContain(kb.byId.get('lua-dao.nhan-biet')!.title);
  });
});

describe('asking for a check', () => {
  test.each([
    { how: 'in words', start: (chat: Chat) => chat.say('kiểm tra giúp tôi tin nhắn này có phải lừa đảo không') },
    { how: 'with the menu button next to the fraud topics', start: async (chat: Chat) => chat.tap(await chat.tap(await chat.say('menu'), T.menu.scams), T.menu.scamCheck) },
    { how: 'through an entry whose action is scam-check', start: (chat: Chat) => chat.say('xem hộ cái này') },
  ])('$how asks to paste the message, then checks what is pasted', async ({ start }) => {
    const chat = botChat();
    const prompt = await start(chat);
    expect(text(prompt)).toBe(scamSay.askToPaste);
    const verdict = await chat.say('https://vcb-digibank.vip');
    expect(text(verdict)).toContain(RISK_LABELS.high);
    expect(text(verdict)).toContain('vcb-digibank.vip');
  });

  test('the menu offers the check first, next to the fraud topics', async () => {
    const chat = botChat();
    const scams = await chat.tap(await chat.say('menu'), T.menu.scams);
    expect(titles(scams)[0]).toBe(T.menu.scamCheck);
    expect(titles(scams)).toContain(kb.byId.get('lua-dao.phat-nguoi')!.title);
  });

  test('a request with the message attached is checked at once', async () => {
    const chat = botChat();
    const verdict = await chat.say('kiểm tra giúp đường link này: dichvucong.gov.vn.xyz/tra-cuu');
    expect(text(verdict)).toContain(RISK_LABELS.high);
    expect(text(verdict)).toContain('dichvucong.gov.vn.xyz');
  });

  test.each([
    { reply: 'làm căn cước ở đâu', goesTo: 'the knowledge base' },
    { reply: 'menu', goesTo: 'the main menu' },
  ])('a reply that is not a message ("$reply") is not checked: it goes to $goesTo', async ({ reply }) => {
    const chat = botChat();
    await chat.say('kiểm tra tin nhắn này');
    const replies = await chat.say(reply);
    expect(text(replies)).not.toContain(RISK_LABELS.low);
    expect(text(replies)).not.toContain(RISK_LABELS.high);
    if (reply === 'menu') expect(titles(replies)).toContain(T.menu.scams);
    else expect(chat.asked).toEqual([reply]);
  });
});

test('a question is answered from the knowledge base, not checked', async () => {
  const chat = botChat();
  const replies = await chat.say('làm căn cước ở đâu');
  expect(chat.asked).toEqual(['làm căn cước ở đâu']);
  expect(text(replies)).not.toContain(RISK_LABELS.low);
});

test('a number staff confirmed as a scam is checked even when it comes in a question', async () => {
  const reported = new InMemoryReportedIndicators({ phones: ['0912 345 678'] });
  const chat = botChat({ checker: await repoChecker({ reported }) });
  const replies = await chat.say('Số 0912.345.678 vừa gọi bảo tôi chuyển tiền, giờ sao');
  expect(text(replies)).toContain('Số điện thoại 0912 345 678 đã được Công an xác nhận là số lừa đảo');
  expect(chat.asked).toEqual([]);
});

test('on a channel without cards the verdict is plain text, and typing the button title reports it', async () => {
  const chat = botChat({ channelId: 'zalo-oa' });
  const verdict = await chat.say(FAKE_FINE_SMS);
  expect(verdict.every((r) => !r.attachments?.length)).toBe(true);
  expect(text(verdict)).toContain(RISK_LABELS.high);
  const { ticket } = await fileReport(chat, await chat.say(REPORT));
  expect(ticket.kind).toBe('scam_report');
  expect(ticket.subject).not.toContain('483920');
});

test('the log says what was decided, never what the citizen pasted', async () => {
  const chat = botChat();
  await chat.say(FAKE_FINE_SMS);
  const line = chat.log.lines.find((l) => l.msg === 'scam check');
  expect(line).toMatchObject({ trigger: 'pasted', risk: 'high', topic: 'lua-dao.phat-nguoi' });
  expect(chat.log.text()).not.toContain('dichvucongs');
});
