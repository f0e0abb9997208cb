/**
 * The Zalo OA channel end to end, through the real server (`createServer` with the Zalo variables set), the real bot
 * and a fake Zalo on loopback: signed events in at `/zalo/webhook`, the bot's answers out at the fake
 * `/v3.0/oa/message/cs`.
 */
import { botText } from '../../../src/bot/messages';
import { zaloText } from '../../../src/channels/zalo-oa/messages';
import type { Entry } from '../../../src/knowledge/schema';
import { ENTRIES, fakeKnowledgeBase } from '../../fakes/knowledgeBase';
import { DEFAULT_SCRIPT, PASSWORD_QUESTION, startTestApp, type TestApp } from '../../fakes/testApp';
import { FakeZaloOa } from '../../fakes/zaloOaServer';
import { followEvent, mediaEvent, newMsgId, type OaApp, postOaEvent, textEvent } from '../../fakes/zaloWebhook';

const APP: OaApp = { appId: '3608465248940903967', oaId: '3886132808788086450', oaSecretKey: 'test-oa-secret-key' };
const APP_SECRET = 'app-secret-not-the-oa-key';
const LONG_QUESTION = 'hướng dẫn dài';

/** An entry whose answer is far longer than one Zalo message. */
const LONG_ENTRY: Entry = {
  ...ENTRIES[2]!,
  id: 'cu-tru.huong-dan-dai',
  title: 'Hướng dẫn đăng ký cư trú đầy đủ',
  answer: Array.from({ length: 30 }, (_, i) => `Bước ${i + 1}: công dân chuẩn bị giấy tờ và nộp tại Công an xã/phường nơi cư trú theo hướng dẫn.`).join('\n\n'),
};

let user = 0;
/** A new citizen (19-digit id, beyond 2^53) known to the fake Zalo. */
function newCitizen(fake: FakeZaloOa): string {
  user += 1;
  const id = `24684588352919${String(79000 + user).padStart(5, '0')}`;
  fake.addUser(id);
  return id;
}

describe('Zalo OA webhook, end to end', () => {
  let fake: FakeZaloOa;
  let t: TestApp;

  beforeAll(async () => {
    fake = await new FakeZaloOa({ appId: APP.appId, appSecret: APP_SECRET, accessToken: 'at-first', refreshToken: 'rt-first' }).start();
    t = await startTestApp({
      kb: fakeKnowledgeBase([...ENTRIES, LONG_ENTRY]),
      script: { ...DEFAULT_SCRIPT, [LONG_QUESTION]: { outcome: 'answer', ids: [LONG_ENTRY.id] } },
      env: {
        ZALO_APP_ID: APP.appId,
        ZALO_APP_SECRET: APP_SECRET,
        ZALO_OA_SECRET_KEY: APP.oaSecretKey,
        ZALO_ACCESS_TOKEN: 'at-first',
        ZALO_REFRESH_TOKEN: 'rt-first',
        ZALO_API_BASE: fake.url,
        ZALO_OAUTH_BASE: fake.url,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  afterEach(() => {
    fake.refuseButtons = false;
  });

  /** Posts a signed event and waits until the bot's turn and its sends are over. */
  async function deliver(raw: string, options: Parameters<typeof postOaEvent>[3] = {}): Promise<number> {
    const res = await postOaEvent(t.url, APP, raw, options);
    await t.app.zalo.idle();
    return res.status;
  }

  test('start-up says which Zalo channels are on', () => {
    expect(t.log.lines).toContainEqual(expect.objectContaining({ msg: 'zalo channels', 'zalo-oa': 'bật', 'zalo-bot': 'tắt' }));
  });

  test('a signed user_send_text is answered at the fake Zalo API, to that citizen, with the access_token header', async () => {
    const citizen = newCitizen(fake);
    expect(await deliver(textEvent(APP, citizen, PASSWORD_QUESTION))).toBe(200);
    const texts = fake.textsTo(citizen);
    const answer = texts.find((x) => x.startsWith('Quên mật khẩu VNeID'));
    expect(answer).toContain('Mở ứng dụng VNeID');
    expect(texts.at(-1)).toBe(botText.feedbackQuestion);
    const request = fake.sendRequests().find((r) => (r.body as { recipient: { user_id: string } }).recipient.user_id === citizen)!;
    expect(request.headers.access_token).toBe('at-first');
    expect(request.headers.authorization).toBeUndefined();
  });

  test('buttons arrive as oa.query.hide; pressing one sends its payload as text, which the bot takes as the button', async () => {
    const citizen = newCitizen(fake);
    await deliver(textEvent(APP, citizen, PASSWORD_QUESTION));
    const withButtons = fake.deliveredTo(citizen).at(-1)!.message as { attachment: { payload: { buttons: Array<{ title: string; type: string; payload: string }> } } };
    const buttons = withButtons.attachment.payload.buttons;
    expect(buttons.length).toBeLessThanOrEqual(5);
    expect(buttons.every((b) => b.type === 'oa.query.hide')).toBe(true);
    const yes = buttons.find((b) => b.title === botText.feedbackYes)!;

    await deliver(textEvent(APP, citizen, yes.payload));
    expect(fake.textsTo(citizen).at(-1)).toBe(botText.feedbackThanksYes);
    expect(await t.feedback.summary()).toContainEqual(expect.objectContaining({ entryId: 'vneid.quen-mat-khau' }));
  });

  test('a button from a message so old its choices are gone: said so politely, and the main menu is shown', async () => {
    const citizen = newCitizen(fake);
    await deliver(textEvent(APP, citizen, '#dh:0123456789ab:2'));
    const [notice, menu] = fake.textsTo(citizen);
    expect(notice).toBe(zaloText.expiredButton);
    expect(menu).toBe(botText.mainMenuPrompt);
  });

  test('when Zalo refuses the buttons, the choices come as a numbered list and a digit picks one', async () => {
    const citizen = newCitizen(fake);
    fake.refuseButtons = true;
    await deliver(textEvent(APP, citizen, PASSWORD_QUESTION));
    const list = fake.textsTo(citizen).at(-1)!;
    expect(list).toContain(zaloText.chooseByNumber);
    expect(list).toContain(`1. ${botText.feedbackYes}`);
    expect(fake.sendRequests().filter((r) => (r.response as { error: number }).error === -201).length).toBeGreaterThan(0);

    await deliver(textEvent(APP, citizen, '1'));
    expect(fake.textsTo(citizen).at(-1)).toContain(botText.feedbackThanksYes);
  });

  test('an answer longer than 2,000 characters arrives in parts Zalo accepts, nothing lost', async () => {
    const citizen = newCitizen(fake);
    await deliver(textEvent(APP, citizen, LONG_QUESTION));
    const texts = fake.textsTo(citizen);
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(Array.from(text).length).toBeLessThanOrEqual(2000);
    expect(texts.join('\n')).toContain('Bước 1:');
    expect(texts.join('\n')).toContain('Bước 30:');
    const mine = fake.sendRequests().filter((r) => (r.body as { recipient: { user_id: string } }).recipient.user_id === citizen);
    expect(mine.filter((r) => (r.response as { error: number }).error !== 0)).toHaveLength(0);
  });

  test.each([
    ['a forged signature', 'mac=' + '0'.repeat(64)],
    ['a signature made with the app secret instead of the OA key', undefined],
    ['no signature at all', null],
  ])('%s: answered 200, nothing sent, logged', async (_name, signature) => {
    const citizen = newCitizen(fake);
    const raw = textEvent(APP, citizen, PASSWORD_QUESTION);
    const before = fake.sendRequests().length;
    const dropped = () => t.log.lines.filter((l) => l.msg === 'zalo webhook: dropped an unsigned or forged request').length;
    const droppedBefore = dropped();
    const forged =
      signature === undefined
        ? postOaEvent(t.url, { ...APP, oaSecretKey: APP_SECRET }, raw)
        : postOaEvent(t.url, APP, raw, { signature });
    expect((await forged).status).toBe(200);
    await t.app.zalo.idle();
    expect(fake.sendRequests()).toHaveLength(before);
    expect(dropped()).toBe(droppedBefore + 1);
    expect(t.log.text()).not.toContain(PASSWORD_QUESTION);
  });

  test('an event for another app, even correctly signed with its key, is dropped', async () => {
    const citizen = newCitizen(fake);
    const other = { ...APP, appId: '1111111111111111111' };
    const before = fake.sendRequests().length;
    expect((await postOaEvent(t.url, other, textEvent(other, citizen, PASSWORD_QUESTION))).status).toBe(200);
    await t.app.zalo.idle();
    expect(fake.sendRequests()).toHaveLength(before);
  });

  test('the same msg_id delivered twice (a Zalo retry) is answered once', async () => {
    const citizen = newCitizen(fake);
    const raw = textEvent(APP, citizen, PASSWORD_QUESTION, { msgId: newMsgId() });
    await Promise.all([postOaEvent(t.url, APP, raw), postOaEvent(t.url, APP, raw, { numRetry: 1 })]);
    await t.app.zalo.idle();
    await deliver(raw, { numRetry: 2 });
    expect(fake.textsTo(citizen).filter((x) => x === botText.feedbackQuestion)).toHaveLength(1);
  });

  test('an expired access token: one refresh, one retry, one message', async () => {
    const citizen = newCitizen(fake);
    await deliver(textEvent(APP, citizen, 'xin chào'));
    const refreshesBefore = fake.refreshes.length;
    const rejectedBefore = fake.sendRequests().filter((r) => (r.response as { error: number }).error === -216).length;
    const countBefore = fake.deliveredTo(citizen).length;
    fake.expireAccessTokens();

    await deliver(textEvent(APP, citizen, 'xin chào'));
    expect(fake.refreshes.length - refreshesBefore).toBe(1);
    expect(fake.sendRequests().filter((r) => (r.response as { error: number }).error === -216).length - rejectedBefore).toBe(1);
    const reply = fake.deliveredTo(citizen).slice(countBefore);
    expect(reply).toHaveLength(1);
    const lastRequest = fake.sendRequests().at(-1)!;
    expect(lastRequest.headers.access_token).not.toBe('at-first');
  });

  test('a rate limit (-32) is waited out and the reply still arrives, once', async () => {
    const citizen = newCitizen(fake);
    fake.rateLimitNext(1);
    await deliver(textEvent(APP, citizen, 'xin chào'));
    const deadline = Date.now() + 10_000;
    while (fake.deliveredTo(citizen).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(fake.deliveredTo(citizen)).toHaveLength(1);
    expect(fake.sendRequests().some((r) => (r.response as { error: number }).error === -32)).toBe(true);
  });

  test('follow → the welcome; unfollow → recorded, nothing sent', async () => {
    const citizen = newCitizen(fake);
    await deliver(followEvent(APP, citizen, 'follow'));
    expect(fake.textsTo(citizen)[0]).toContain('Xin chào! Mình là Đồng hành');
    const count = fake.deliveredTo(citizen).length;
    await deliver(followEvent(APP, citizen, 'unfollow'));
    expect(fake.deliveredTo(citizen)).toHaveLength(count);
    const row = await t.db.queryOne<{ following: number }>('SELECT following FROM zalo_conversations WHERE channel = $1 AND conversation_id = $2', [
      'zalo-oa',
      citizen,
    ]);
    expect(Number(row?.following)).toBe(0);
  });

  test.each([
    ['a photo', 'user_send_image', { type: 'image', payload: { url: 'https://photo.zdn.vn/a.jpg', thumbnail: 'https://photo.zdn.vn/t.jpg' } }, botText.imageReceived],
    ['a sticker', 'user_send_sticker', { type: 'sticker', payload: { id: 'bfe458bf', url: 'https://zalo-api.zadn.vn/api/emoticon/sticker' } }, botText.stickerReceived],
    ['a location', 'user_send_location', { type: 'location', payload: { coordinates: { latitude: '19.8', longitude: '105.77' } } }, zaloText.locationReceived],
  ])('%s gets a polite answer that only text is understood', async (_name, eventName, attachment, expected) => {
    const citizen = newCitizen(fake);
    await deliver(mediaEvent(APP, citizen, eventName, attachment));
    expect(fake.textsTo(citizen)[0]).toBe(expected);
  });
});
