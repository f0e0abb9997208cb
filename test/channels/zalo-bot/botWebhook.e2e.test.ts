/**
 * The Zalo Bot Platform channel end to end: the real server with ZALO_BOT_* set, the real bot, and a fake Bot
 * Platform API on loopback. Updates in at `/zalo-bot/webhook`, answers out at the fake `/bot<token>/sendMessage`.
 */
import { botText } from '../../../src/bot/messages';
import { zaloText } from '../../../src/channels/zalo-oa/messages';
import type { Entry } from '../../../src/knowledge/schema';
import { ENTRIES, fakeKnowledgeBase } from '../../fakes/knowledgeBase';
import { DEFAULT_SCRIPT, PASSWORD_QUESTION, startTestApp, type TestApp } from '../../fakes/testApp';
import { FakeZaloBot } from '../../fakes/zaloBotServer';
import { botTextUpdate, newMsgId, postBotUpdate } from '../../fakes/zaloWebhook';

const TOKEN = '1459232241454765289:abc-xyz-secret';
const SECRET = 'bi-mat-webhook-cua-xa';
const LONG_QUESTION = 'hướng dẫn dài';
const LONG_ENTRY: Entry = {
  ...ENTRIES[2]!,
  id: 'cu-tru.huong-dan-dai',
  title: 'Hướng dẫn đăng ký cư trú đầy đủ',
  answer: Array.from({ length: 30 }, (_, i) => `Bước ${i + 1}: công dân chuẩn bị giấy tờ và nộp tại Công an xã/phường nơi cư trú theo hướng dẫn.`).join('\n\n'),
};

let chat = 0;
const newChat = () => `6ede9afa66b88fe6d6a${(chat += 1).toString(16)}`;

describe('Zalo Bot Platform webhook, end to end', () => {
  let fake: FakeZaloBot;
  let t: TestApp;

  beforeAll(async () => {
    fake = await new FakeZaloBot(TOKEN).start();
    t = await startTestApp({
      kb: fakeKnowledgeBase([...ENTRIES, LONG_ENTRY]),
      script: { ...DEFAULT_SCRIPT, [LONG_QUESTION]: { outcome: 'answer', ids: [LONG_ENTRY.id] } },
      env: { ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_SECRET: SECRET, ZALO_BOT_API_BASE: fake.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function send(raw: string, secret: string | null = SECRET): Promise<number> {
    const res = await postBotUpdate(t.url, secret, raw);
    await t.app.zalo.idle();
    return res.status;
  }

  test('start-up says which Zalo channels are on', () => {
    expect(t.log.lines).toContainEqual(expect.objectContaining({ msg: 'zalo channels', 'zalo-oa': 'tắt', 'zalo-bot': 'bật' }));
  });

  test.each([
    ['wrapped in { ok, result } as documented', true],
    ['unwrapped, as Zalo is seen sending it', false],
  ])('an update %s is answered to its chat', async (_name, wrapped) => {
    const id = newChat();
    expect(await send(botTextUpdate(id, 'xin chào', { wrapped }))).toBe(200);
    expect(fake.textsTo(id)).toHaveLength(1);
    expect(fake.requests.at(-1)).toMatchObject({ apiMethod: 'sendMessage', tokenOk: true, body: { chat_id: id } });
  });

  test.each([
    ['a wrong secret', 'khong-phai-bi-mat'],
    ['no secret', null],
  ])('%s: refused with 403, nothing sent, logged', async (_name, secret) => {
    const id = newChat();
    expect(await send(botTextUpdate(id, PASSWORD_QUESTION), secret)).toBe(403);
    expect(fake.textsTo(id)).toHaveLength(0);
    expect(t.log.lines).toContainEqual(expect.objectContaining({ msg: 'zalo bot webhook: dropped a request without the right secret' }));
  });

  test('the same message id twice is answered once', async () => {
    const id = newChat();
    const raw = botTextUpdate(id, 'xin chào', { messageId: newMsgId() });
    await Promise.all([postBotUpdate(t.url, SECRET, raw), postBotUpdate(t.url, SECRET, raw)]);
    await t.app.zalo.idle();
    await send(raw);
    expect(fake.textsTo(id)).toHaveLength(1);
  });

  test('a withheld message (message.unsupported.received) is answered with the hotlines from the settings', async () => {
    const id = newChat();
    await send(botTextUpdate(id, '', { eventName: 'message.unsupported.received' }));
    const [answer] = fake.textsTo(id);
    expect(answer).toContain('Cảnh sát khẩn cấp: 113');
    expect(answer).toContain('Tổng đài hỗ trợ VNeID: 1900 0368');
  });

  test('choices come as a numbered list (no buttons on this platform) and a digit picks one', async () => {
    const id = newChat();
    await send(botTextUpdate(id, PASSWORD_QUESTION));
    const list = fake.textsTo(id).at(-1)!;
    expect(list).toContain(botText.feedbackQuestion);
    expect(list).toContain(zaloText.chooseByNumber);
    expect(list).toContain(`1. ${botText.feedbackYes}`);
    await send(botTextUpdate(id, '1'));
    expect(fake.textsTo(id).at(-1)).toContain(botText.feedbackThanksYes);
  });

  test('a long answer is sent in parts of at most 2,000 characters', async () => {
    const id = newChat();
    await send(botTextUpdate(id, LONG_QUESTION));
    const texts = fake.textsTo(id);
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(Array.from(text).length).toBeLessThanOrEqual(2000);
    expect(texts.join('\n')).toContain('Bước 30:');
    expect(fake.requests.filter((r) => r.body.chat_id === id && r.status !== 200)).toHaveLength(0);
  });

  test('a picture gets the bot\'s polite "text only" answer', async () => {
    const id = newChat();
    const raw = JSON.stringify({
      event_name: 'message.image.received',
      message: { from: { id }, chat: { id, chat_type: 'PRIVATE' }, photo_url: 'https://photo.zdn.vn/x.jpg', message_id: newMsgId(), date: Date.now() },
    });
    await send(raw);
    expect(fake.textsTo(id)[0]).toContain('Mình chưa xem được hình ảnh');
  });

  test('quota exceeded (429) is retried and the answer arrives once', async () => {
    const id = newChat();
    fake.quotaExceededNext(1);
    await send(botTextUpdate(id, 'xin chào'));
    const deadline = Date.now() + 10_000;
    while (fake.textsTo(id).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(fake.textsTo(id)).toHaveLength(1);
  });
});
