import { MemoryStorage } from 'botbuilder';
import { botText as T } from '../../src/bot/messages';
import type { Matcher } from '../../src/matching/types';
import { buttonsOf, cardOf, cardText, createHarness, lastWithButtons, titlesOf } from './botHarness';

const MAIN_MENU = ['Thủ tục hành chính', 'VNeID', 'Cảnh báo lừa đảo', 'Gửi phản ánh cho Công an xã'];
const PASSWORD_QUESTION = 'không đăng nhập được vneid';
const SCRIPT = {
  [PASSWORD_QUESTION]: { outcome: 'answer' as const, ids: ['vneid.quen-mat-khau'] },
  'tạm trú': { outcome: 'clarify' as const, ids: ['cu-tru.tam-tru', 'vneid.quen-passcode'] },
  'tôi muốn gửi phản ánh': { outcome: 'answer' as const, ids: ['lien-he.phan-anh'] },
  'chào bạn nhé đồng hành': { outcome: 'answer' as const, ids: ['chung.chao-hoi'] },
};

describe('welcome', () => {
  it('greets a new user with an introduction, a privacy warning and the four menu choices', async () => {
    const h = createHarness();
    const replies = await h.join();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Đồng hành');
    expect(replies[0]!.text).toContain('OTP');
    expect(titlesOf(replies[0])).toEqual(MAIN_MENU);
  });

  it('greets a returning user (same user, new conversation) without the full introduction', async () => {
    const storage = new MemoryStorage();
    await createHarness({ storage, conversationId: 'first' }).join();
    const replies = await createHarness({ storage, conversationId: 'second' }).join();
    expect(replies[0]!.text).toBe(T.welcomeBack);
    expect(titlesOf(replies[0])).toEqual(MAIN_MENU);
  });
});

describe('menus lead to the topics of the knowledge base', () => {
  it('VNeID lists the VNeID topics (not their sub-entries), and a topic opens its answer card', async () => {
    const h = createHarness();
    const [welcome] = await h.join();
    const [list] = await h.click(welcome, 'VNeID');
    expect(titlesOf(list)).toEqual(['Quên mật khẩu VNeID', 'Quên passcode VNeID', 'Về menu chính']);
    const answer = await h.click(list, 'Quên mật khẩu VNeID');
    expect(cardText(answer[0])).toContain('Quên mật khẩu VNeID');
    expect(h.asked).toEqual([]);
  });

  it('Thủ tục hành chính lists only procedure groups that have topics, then the topics of a group', async () => {
    const h = createHarness();
    const [welcome] = await h.join();
    const [groups] = await h.click(welcome, 'Thủ tục hành chính');
    expect(titlesOf(groups)).toEqual([T.groups['cu-tru'], 'Về menu chính']);
    const [topics] = await h.click(groups, T.groups['cu-tru']!);
    expect(titlesOf(topics)).toEqual(['Đăng ký tạm trú', 'Về menu chính']);
  });

  it('Cảnh báo lừa đảo lists the scam topics', async () => {
    const h = createHarness();
    const [welcome] = await h.join();
    const [list] = await h.click(welcome, 'Cảnh báo lừa đảo');
    expect(titlesOf(list)).toContain('Bị hỏi mã OTP');
  });

  it('Gửi phản ánh cho Công an xã says how to contact the commune police, with the hotlines from settings', async () => {
    const h = createHarness();
    const [welcome] = await h.join();
    const [reply] = await h.click(welcome, 'Gửi phản ánh cho Công an xã');
    expect(reply!.text).toContain('Công an xã/phường');
    expect(reply!.text).toContain('113');
    expect(reply!.text).toContain('1900 0368');
  });

  it('a button title typed as plain text works like the button (channels without messageBack)', async () => {
    const h = createHarness();
    await h.join();
    const [list] = await h.send('vneid');
    expect(titlesOf(list)).toContain('Quên mật khẩu VNeID');
    expect(h.asked).toEqual([]);
  });

  it.each(['menu', 'Menu', 'bắt đầu lại', 'Bat dau lai', 'Bắt đầu lại!'])('"%s" shows the main menu', async (text) => {
    const h = createHarness();
    const [reply] = await h.send(text);
    expect(titlesOf(reply)).toEqual(MAIN_MENU);
    expect(h.asked).toEqual([]);
  });
});

describe('answers', () => {
  it('answers as an Adaptive Card with title, numbered steps, fee, place and a link to the source', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    const card = cardOf(replies[0]);
    expect(card).toBeDefined();
    const text = cardText(replies[0]);
    expect(text).toContain('Quên mật khẩu VNeID');
    expect(text).toMatch(/\*\*1\.\*\* Mở ứng dụng VNeID/);
    expect(text).toMatch(/\*\*3\.\*\* Nhập mã kích hoạt/);
    expect(text).toContain('Miễn phí.');
    expect(text).toContain('Trên ứng dụng VNeID.');
    expect(text).toContain('https://example.gov.vn/huong-dan');
    expect(text).toContain('27/11/2026');
    expect(card!.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: 'https://example.gov.vn/huong-dan' })]);
  });

  it('shows documents to bring and the legal basis when the entry has them', async () => {
    const h = createHarness({ script: { 'tạm trú ở đâu': { outcome: 'answer', ids: ['cu-tru.tam-tru'] } } });
    const [card] = await h.send('tạm trú ở đâu');
    expect(cardText(card)).toContain('• Tờ khai thay đổi thông tin cư trú (CT01).');
    expect(cardText(card)).toContain('Luật Cư trú 2020, Điều 27');
  });

  it('asks whether the answer helped, offering 👍/👎, the follow-ups and the menu', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    expect(replies[1]!.text).toBe('Câu trả lời có hữu ích không?');
    expect(titlesOf(replies[1])).toEqual([T.feedbackYes, T.feedbackNo, 'Quên passcode VNeID', 'Bị hỏi mã OTP', 'Về menu chính']);
  });

  it('a follow-up button answers that entry', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    const next = await h.click(replies[1], 'Quên passcode VNeID');
    expect(cardText(next[0])).toContain('Quên passcode VNeID');
  });

  it('answers in plain text, with the same facts, on a channel without cards', async () => {
    const h = createHarness({ script: SCRIPT, channelId: 'zalo' });
    const replies = await h.send(PASSWORD_QUESTION);
    expect(replies[0]!.attachments ?? []).toHaveLength(0);
    expect(replies[0]!.text).toContain('Quên mật khẩu VNeID');
    expect(replies[0]!.text).toMatch(/1\. Mở ứng dụng VNeID/);
    expect(replies[0]!.text).toContain('Miễn phí.');
    expect(titlesOf(replies[1])).toContain(T.feedbackYes);
  });

  it('answers greetings written by trainers as plain conversation, without a card or a feedback question', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send('chào bạn nhé đồng hành');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe('Chào bạn! Mình là Đồng hành.');
    expect(cardOf(replies[0])).toBeUndefined();
  });

  it('a stale button pointing to an entry that no longer exists gets the polite fallback', async () => {
    const h = createHarness();
    const [reply] = await h.send({ text: 'Mục cũ', value: { donghanh: { kind: 'entry', entryId: 'vneid.da-xoa' } } });
    expect(reply!.text).toBe(T.fallback);
  });
});

describe('feedback', () => {
  it.each([
    [T.feedbackYes, true, T.feedbackThanksYes],
    [T.feedbackNo, false, T.feedbackThanksNo],
  ])('"%s" is recorded with the entry id and thanked', async (title, helpful, thanks) => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    const [reply] = await h.click(replies[1], title);
    expect(h.feedback.records).toEqual([{ entryId: 'vneid.quen-mat-khau', helpful, channelId: 'directline', conversationId: 'Convo1' }]);
    expect(reply!.text).toBe(thanks);
  });

  it('👎 offers to send the question to the commune police', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    const [reply] = await h.click(replies[1], T.feedbackNo);
    expect(titlesOf(reply)).toContain('Gửi phản ánh cho Công an xã');
  });

  it.each([
    ['👍', true],
    ['👎', false],
  ])('a bare %s typed after an answer counts as feedback on that answer', async (emoji, helpful) => {
    const h = createHarness({ script: SCRIPT });
    await h.send(PASSWORD_QUESTION);
    await h.send(emoji);
    expect(h.feedback.records.map((r) => [r.entryId, r.helpful])).toEqual([['vneid.quen-mat-khau', helpful]]);
  });

  it('the feedback question also works when 👍 comes back as text only', async () => {
    const h = createHarness({ script: SCRIPT, channelId: 'zalo' });
    await h.send(PASSWORD_QUESTION);
    await h.send(T.feedbackYes);
    expect(h.feedback.records).toHaveLength(1);
  });
});

describe('clarify', () => {
  it('asks "Có phải bạn muốn hỏi…" with the candidates and "Không phải các ý trên"', async () => {
    const h = createHarness({ script: SCRIPT });
    const [reply] = await h.send('tạm trú');
    expect(reply!.text).toContain('Có phải bạn muốn hỏi');
    expect(titlesOf(reply)).toEqual(['Đăng ký tạm trú', 'Quên passcode VNeID', 'Không phải các ý trên']);
  });

  it('a chosen candidate is answered', async () => {
    const h = createHarness({ script: SCRIPT });
    const [reply] = await h.send('tạm trú');
    const answer = await h.click(reply, 'Đăng ký tạm trú');
    expect(cardText(answer[0])).toContain('Đăng ký tạm trú');
  });

  it('the number of a candidate picks it', async () => {
    const h = createHarness({ script: SCRIPT });
    await h.send('tạm trú');
    const answer = await h.send('2');
    expect(cardText(answer[0])).toContain('Quên passcode VNeID');
  });

  it('"Không phải các ý trên" leads to contacting the commune police', async () => {
    const h = createHarness({ script: SCRIPT });
    const [reply] = await h.send('tạm trú');
    const [offer] = await h.click(reply, 'Không phải các ý trên');
    expect(offer!.text).toContain(T.forwardNotReady);
    expect(offer!.text).toContain('113');
  });

  it('a new question instead of a choice is answered as a question', async () => {
    const h = createHarness({ script: SCRIPT });
    await h.send('tạm trú');
    const replies = await h.send(PASSWORD_QUESTION);
    expect(cardText(replies[0])).toContain('Quên mật khẩu VNeID');
    expect(h.asked).toEqual(['tạm trú', PASSWORD_QUESTION]);
  });

  it('"menu" abandons the choice: a number typed afterwards is not taken as a choice', async () => {
    const h = createHarness({ script: SCRIPT });
    await h.send('tạm trú');
    const [menu] = await h.send('menu');
    expect(titlesOf(menu)).toEqual(MAIN_MENU);
    await h.send('1');
    expect(h.asked).toEqual(['tạm trú', '1']);
  });

  it('a pending choice survives a restart of the bot (state is in storage, not memory)', async () => {
    const storage = new MemoryStorage();
    await createHarness({ script: SCRIPT, storage }).send('tạm trú');
    const afterRestart = createHarness({ script: SCRIPT, storage });
    const answer = await afterRestart.send('1');
    expect(cardText(answer[0])).toContain('Đăng ký tạm trú');
  });
});

describe('fallback and forwarding', () => {
  it('a question with no plausible answer is admitted, with the way to the commune police and the menu', async () => {
    const h = createHarness();
    const [reply] = await h.send('máy cày nhà tôi bị hỏng');
    expect(reply!.text).toBe(T.fallback);
    expect(titlesOf(reply)).toEqual(['Gửi phản ánh cho Công an xã', 'Về menu chính']);
    const [offer] = await h.click(reply, 'Gửi phản ánh cho Công an xã');
    expect(offer!.text).toContain('1900 0368');
  });

  it('an entry whose action is "escalate" leads to contacting the commune police', async () => {
    const h = createHarness({ script: SCRIPT });
    const [reply] = await h.send('tôi muốn gửi phản ánh');
    expect(reply!.text).toContain(T.forwardNotReady);
  });
});

describe('small talk', () => {
  it.each([
    ['xin chào', T.smallTalk.greeting],
    ['Chào bạn!', T.smallTalk.greeting],
    ['cam on nhe', T.smallTalk.thanks],
    ['Cảm ơn nhiều ạ', T.smallTalk.thanks],
    ['tạm biệt', T.smallTalk.goodbye],
    ['bạn là ai?', T.smallTalk.whoAreYou],
    ['ok', T.smallTalk.acknowledge],
  ])('"%s" gets a friendly reply without searching', async (text, expected) => {
    const h = createHarness();
    const [reply] = await h.send(text);
    expect(reply!.text).toBe(expected);
    expect(h.asked).toEqual([]);
  });

  it('a greeting in front of a real question is treated as a question', async () => {
    const h = createHarness();
    await h.send('chào bạn, cho hỏi làm căn cước ở đâu');
    expect(h.asked).toEqual(['chào bạn, cho hỏi làm căn cước ở đâu']);
  });
});

describe('messages the bot cannot read', () => {
  it.each([
    ['an empty message', { text: '   ' }, T.emptyMessage],
    ['a picture', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://x/y.jpg' }] }, T.imageReceived],
    ['a sticker', { attachments: [{ contentType: 'image/webp', name: 'sticker-123' }] }, T.stickerReceived],
    ['a voice message', { attachments: [{ contentType: 'audio/ogg' }] }, T.audioReceived],
    ['a file', { attachments: [{ contentType: 'application/pdf', name: 'don.pdf' }] }, T.imageReceived],
    ['emoji only', { text: '😊😊' }, T.stickerReceived],
    ['punctuation only', { text: '???' }, T.symbolsOnly],
  ])('%s gets a gentle reply and keeps the menu at hand', async (_name, activity, expected) => {
    const h = createHarness();
    const [reply] = await h.send(activity);
    expect(reply!.text).toBe(expected);
    expect(titlesOf(reply)).toEqual(MAIN_MENU);
    expect(h.asked).toEqual([]);
  });

  it('a message longer than 2,000 characters is cut with a polite note, and the first 2,000 are used', async () => {
    const h = createHarness();
    const long = 'tôi muốn hỏi về tạm trú '.repeat(120);
    const replies = await h.send(long);
    expect(replies[0]!.text).toBe(T.tooLong(2000));
    expect(replies[0]!.text).toContain('2.000');
    expect(h.asked).toHaveLength(1);
    expect(Array.from(h.asked[0]!)).toHaveLength(2000);
  });
});

describe('privacy', () => {
  it('a question about a forgotten password is answered, not mistaken for a password', async () => {
    const question = 'quên mật khẩu vneid thì làm sao';
    const h = createHarness({ script: { [question]: { outcome: 'answer', ids: ['vneid.quen-mat-khau'] } } });
    const replies = await h.send(question);
    expect(cardText(replies[0])).toContain('Quên mật khẩu VNeID');
    expect(replies.map((r) => r.text)).not.toContain(T.secretsMasked);
  });

  it('an OTP typed by a citizen is masked in everything kept (state, buttons, logs), with a warning', async () => {
    const storage = new MemoryStorage();
    const h = createHarness({ storage });
    const replies = await h.send('mã OTP của tôi là 482913 có sao không');
    expect(replies[0]!.text).toBe(T.secretsMasked);
    const forward = buttonsOf(lastWithButtons(replies)).find((b) => b.title === 'Gửi phản ánh cho Công an xã');
    expect(JSON.stringify(forward!.value)).toContain('mã OTP của tôi là');
    expect(JSON.stringify(forward!.value)).not.toContain('482913');
    expect(JSON.stringify((storage as unknown as { memory: unknown }).memory)).not.toContain('482913');
    expect(h.log.text()).not.toContain('482913');
  });

  it('a question kept for a pending choice is stored masked', async () => {
    const storage = new MemoryStorage();
    const question = 'tạm trú mk là Abc@12345';
    const h = createHarness({ storage, script: { [question]: { outcome: 'clarify', ids: ['cu-tru.tam-tru', 'vneid.quen-passcode'] } } });
    await h.send(question);
    expect(JSON.stringify((storage as unknown as { memory: unknown }).memory)).not.toContain('Abc@12345');
  });

  it('logs no citizen text at info level, only outcomes and ids', async () => {
    const h = createHarness({ script: SCRIPT });
    await h.send(PASSWORD_QUESTION);
    await h.send('nhà tôi ở thôn Đông, bị mất con gà');
    const logged = h.log.text();
    expect(logged).toContain('vneid.quen-mat-khau');
    expect(logged).not.toContain('đăng nhập');
    expect(logged).not.toContain('mất con gà');
  });
});

describe('errors', () => {
  const broken: Matcher = {
    match() {
      throw new Error('index corrupted');
    },
  };

  it('apologises in Vietnamese with a reference that is also in the log', async () => {
    const h = createHarness({ matcher: broken });
    const replies = await h.send('câu hỏi bất kỳ');
    const apology = replies.find((r) => r.type === 'message');
    expect(apology!.text).toMatch(/^Xin lỗi, hệ thống vừa gặp sự cố/);
    const ref = /Mã lỗi: ([0-9a-f]+)/.exec(apology!.text ?? '')?.[1];
    expect(ref).toBeDefined();
    const line = h.log.lines.find((l) => l.correlationId === ref);
    expect(line).toEqual(expect.objectContaining({ level: 50, msg: 'bot turn failed' }));
  });

  it('clears the dialog state, so the next message starts clean', async () => {
    let fail = false;
    const h = createHarness({ script: SCRIPT });
    const scripted = h.asked;
    // First a pending choice, then a failing turn, then "1", which must no longer pick a candidate.
    await h.send('tạm trú');
    const failing = createHarness({ script: SCRIPT, storage: h.storage, matcher: { match: () => { fail = true; throw new Error('boom'); } } });
    await failing.send('một câu hỏi mới');
    expect(fail).toBe(true);
    const after = await h.send('1');
    expect(cardOf(after[0])).toBeUndefined();
    expect(scripted).toEqual(['tạm trú', '1']);
  });

  it('a failure to record feedback is apologised for, not silently lost', async () => {
    const h = createHarness({ script: SCRIPT });
    const replies = await h.send(PASSWORD_QUESTION);
    h.feedback.fail = true;
    const reply = await h.click(replies[1], T.feedbackYes);
    expect(reply.some((r) => /Xin lỗi, hệ thống vừa gặp sự cố/.test(r.text ?? ''))).toBe(true);
  });
});

describe('construction', () => {
  it('names the missing collaborator', () => {
    expect(() => createHarness({}).bot).not.toThrow();
    const { DongHanhBot } = jest.requireActual<typeof import('../../src/bot/dongHanhBot')>('../../src/bot/dongHanhBot');
    expect(() => new DongHanhBot({} as never)).toThrow('[DongHanhBot]: Missing parameter "knowledge"');
  });

  it('every button is a messageBack carrying its action, so Web Chat shows the title and sends the value', async () => {
    const h = createHarness();
    const [welcome] = await h.join();
    for (const action of buttonsOf(welcome)) {
      expect(action).toEqual(expect.objectContaining({ type: 'messageBack', text: action.title, displayText: action.title }));
      expect(action.value).toEqual({ donghanh: expect.objectContaining({ kind: 'menu' }) });
    }
    expect(lastWithButtons([welcome!])).toBe(welcome);
  });
});
