import { MemoryStorage } from 'botbuilder';
import { escalationText as say } from '../../src/escalation/messages';
import { SqlTicketRepository, type TicketRepository } from '../../src/escalation/ticketRepository';
import type { Ticket } from '../../src/escalation/types';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { type Chat, createChat, lastWithButtons, textOf, titlesOf } from './escalationHarness';

const B = say.buttons;
const QUESTION = 'Mẹ tôi 80 tuổi không đi lại được thì làm căn cước thế nào';

let db: AppDatabase;
let tickets: SqlTicketRepository;

beforeEach(async () => {
  db = await openDatabase('sqlite::memory:');
  tickets = new SqlTicketRepository(db, { provinceCode: 'TH' });
});
afterEach(async () => {
  await db.close();
});

async function onlyTicket(repo: TicketRepository = tickets): Promise<Ticket> {
  const page = await repo.list({ scope: { all: true }, limit: 10 });
  expect(page.total).toBe(1);
  return page.tickets[0]!;
}

async function ticketCount(): Promise<number> {
  return (await tickets.list({ scope: { all: true }, limit: 100 })).total;
}

/** Walks from an explicit request to the summary: commune "dinh hoa", question kept, no phone. */
async function toSummary(chat: Chat, question = QUESTION): Promise<ReturnType<Chat['send']>> {
  await chat.start({ reason: 'menu', question });
  await chat.send('dinh hoa');
  const afterKeep = await chat.send(B.keep);
  return chat.tap(afterKeep, B.phoneNo);
}

describe('filing a question', () => {
  test('after a fallback: offer → what happens → commune → question kept → phone with consent → summary → code', async () => {
    const chat = createChat({ tickets });
    const offer = await chat.start({ reason: 'fallback', question: QUESTION }, QUESTION);
    expect(textOf(offer)).toBe(say.offer);
    expect(titlesOf(lastWithButtons(offer))).toEqual([B.send, B.notNow]);

    const intro = await chat.tap(offer, B.send);
    expect(textOf(intro)).toContain('trong giờ làm việc');
    expect(textOf(intro)).toContain('113');
    expect(textOf(intro)).toContain(say.askCommune);

    const details = await chat.send('xa dinh hoa');
    expect(textOf(details)).toContain(QUESTION);
    expect(titlesOf(lastWithButtons(details))).toEqual([B.keep, B.rewrite]);

    const consent = await chat.tap(details, B.keep);
    expect(textOf(consent)).toBe(say.askPhoneConsent);
    const askPhone = await chat.tap(consent, B.phoneYes);
    expect(textOf(askPhone)).toBe(say.askPhone);

    const invalid = await chat.send('0912 345 67');
    expect(textOf(invalid)).toBe(say.phoneInvalid);
    expect(titlesOf(lastWithButtons(invalid))).toEqual([B.phoneNo]);

    const summary = await chat.send('+84 912 345 678');
    expect(textOf(summary)).toContain('Công an Xã Định Hòa');
    expect(textOf(summary)).toContain(QUESTION);
    expect(textOf(summary)).toContain('0912345678');
    expect(titlesOf(lastWithButtons(summary))).toEqual([B.confirm, B.edit, B.cancel]);
    expect(await ticketCount()).toBe(0);

    const sent = await chat.tap(summary, B.confirm);
    const ticket = await onlyTicket();
    expect(textOf(sent)).toContain(`Mã phiếu của bạn: ${ticket.code}`);
    expect(textOf(sent)).toContain(`tra cứu ${ticket.code}`);
    expect(ticket).toMatchObject({ kind: 'question', status: 'new', communeId: 'xa-dinh-hoa', channel: 'webchat', phone: '0912345678', subject: QUESTION });
    expect(JSON.parse(ticket.conversationRef)).toMatchObject({ conversation: { id: 'conv-1' }, user: { id: 'citizen-1' } });
    expect(chat.shownCodes).toEqual([{ code: ticket.code, committed: true }]);
  });

  test.each([
    { reason: 'menu' as const },
    { reason: 'person' as const },
    { reason: 'action' as const },
  ])('asked for explicitly ($reason): no offer, straight to what happens', async ({ reason }) => {
    const chat = createChat({ tickets });
    const first = await chat.start({ reason });
    expect(textOf(first)).not.toContain(say.offer);
    expect(textOf(first)).toContain(say.askCommune);
  });

  test('without a question to pre-fill, the details are asked for, too-short ones explained', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    const ask = await chat.send('Định Tân');
    expect(textOf(ask)).toBe(say.askDetails('question'));
    expect(textOf(await chat.send('alo'))).toBe(say.detailsTooShort);
    expect(textOf(await chat.send('x'.repeat(2001)))).toBe(say.detailsTooLong(2000));
    const consent = await chat.send('Đăng ký tạm trú cho sinh viên thuê trọ cần giấy tờ gì');
    const summary = await chat.tap(consent, B.phoneNo);
    expect(textOf(summary)).toContain('Số điện thoại: không để lại');
    await chat.tap(summary, B.confirm);
    expect(await onlyTicket()).toMatchObject({ communeId: 'xa-dinh-tan', phone: null, subject: 'Đăng ký tạm trú cho sinh viên thuê trọ cần giấy tờ gì' });
  });

  test('rewriting the pre-filled question keeps both: the new text as subject, the original in the transcript', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'not-listed', question: 'tam tru' });
    await chat.send(B.send);
    const details = await chat.send('Định Hòa');
    expect(textOf(await chat.tap(details, B.rewrite))).toBe(say.askDetails('question'));
    const consent = await chat.send('Con tôi đi học ở Hà Nội thì đăng ký tạm trú ở đâu');
    const summary = await chat.tap(consent, B.phoneNo);
    await chat.tap(summary, B.confirm);
    const ticket = await onlyTicket();
    expect(ticket.subject).toBe('Con tôi đi học ở Hà Nội thì đăng ký tạm trú ở đâu');
    expect((await tickets.messages(ticket.id)).map((m) => m.body)).toEqual(['tam tru', ticket.subject]);
  });

  test('answers typed without diacritics work like the buttons', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'fallback', question: QUESTION });
    await chat.send('gui cho cong an xa');
    await chat.send('dinh hoa');
    await chat.send('giu nguyen');
    const summary = await chat.send('khong');
    expect(textOf(summary)).toContain('Bạn kiểm tra lại trước khi gửi');
    await chat.send('gui');
    expect(await ticketCount()).toBe(1);
  });

  test('a scam report is filed as such, with the pasted message', async () => {
    const chat = createChat({ tickets });
    const pasted = 'Cục CSGT thông báo bạn có khoản phạt nguội, truy cập https://dichvucongs.top/vn để nộp';
    const intro = await chat.start({ reason: 'scam', kind: 'scam_report', question: pasted });
    expect(textOf(intro)).toContain('tin nhắn đáng ngờ');
    await chat.send('phuong hac thanh');
    const consent = await chat.send(B.keep);
    const summary = await chat.tap(consent, B.phoneNo);
    expect(textOf(summary)).toContain('Tin nhắn đáng ngờ: ' + pasted);
    await chat.tap(summary, B.confirm);
    expect(await onlyTicket()).toMatchObject({ kind: 'scam_report', subject: pasted, communeId: 'phuong-hac-thanh' });
  });
});

describe('privacy', () => {
  test('an OTP or căn cước number typed in the details is masked before the summary and the database, with a warning', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    await chat.send('dinh hoa');
    const consent = await chat.send('Có người gọi bảo tôi đọc mã OTP 482913 và số cccd 038123456789, tôi lỡ đọc rồi');
    expect(textOf(consent)).toContain(say.secretsWarning);
    const summary = await chat.tap(consent, B.phoneNo);
    expect(textOf(summary)).not.toMatch(/482913|038123456789/);
    await chat.tap(summary, B.confirm);
    const ticket = await onlyTicket();
    const stored = [ticket.subject, ...(await tickets.messages(ticket.id)).map((m) => m.body)].join(' ');
    expect(stored).not.toMatch(/482913|038123456789/);
    expect(stored).toContain('đuôi 789');
  });

  test('text the channel already masked still gets the warning', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    await chat.send('dinh hoa');
    expect(textOf(await chat.send('Tôi đã gửi mã [mã đã ẩn] cho người lạ, giờ phải làm sao'))).toContain(say.secretsWarning);
  });

  test('no phone number is kept without the citizen saying yes first', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu', question: 'Số của tôi là 0912345678, cần hỏi về tạm trú' });
    await chat.send('dinh hoa');
    const consent = await chat.send(B.keep);
    const summary = await chat.tap(consent, B.phoneNo);
    await chat.tap(summary, B.confirm);
    expect((await onlyTicket()).phone).toBeNull();
  });
});

describe('choosing the commune', () => {
  test('an old city name gets a question and its new wards as buttons', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    const asked = await chat.send('thành phố Thanh Hóa');
    expect(textOf(asked)).toBe(say.communeFormerDistrict('Thành phố Thanh Hóa', true));
    expect(titlesOf(lastWithButtons(asked))).toEqual(['Phường Hạc Thành', 'Phường Đông Sơn', B.notListed]);
    const next = await chat.tap(asked, 'Phường Đông Sơn');
    expect(textOf(next)).toBe(say.askDetails('question'));
  });

  test('an old district with no data yet asks for the current commune by name', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    const asked = await chat.send('huyện Hoằng Hóa');
    expect(textOf(asked)).toBe(say.communeFormerDistrict('Huyện Hoằng Hóa', false));
    expect(titlesOf(lastWithButtons(asked))).toEqual([]);
  });

  test('a name shared by an old district and a current xã is confirmed, not assumed', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    const asked = await chat.send('Hoằng Hóa');
    expect(textOf(asked)).toBe(say.communeConfirmOne('Xã Hoằng Hóa'));
    expect(titlesOf(lastWithButtons(asked))).toEqual(['Xã Hoằng Hóa', B.notThisOne]);
    expect(textOf(await chat.tap(asked, B.notThisOne))).toBe(say.communeRetypeName);
  });

  test('an ambiguous name offers buttons; an unknown one says so and asks again', async () => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'menu' });
    const ambiguous = await chat.send('Quảng');
    expect(textOf(ambiguous)).toBe(say.communeAmbiguous);
    expect(titlesOf(lastWithButtons(ambiguous))).toEqual(expect.arrayContaining(['Xã Quảng Ninh', 'Xã Quảng Bình', B.notListed]));
    const unknown = await chat.send('Bắc Kạn');
    expect(textOf(unknown)).toContain('Mình chưa tìm thấy xã/phường “Bắc Kạn” trong tỉnh Thanh Hóa');
    expect(textOf(await chat.send('quang binh'))).toBe(say.askDetails('question'));
  });
});

describe('changing one\'s mind', () => {
  test.each([
    { step: 'the offer', path: [] as string[], say: B.notNow, reply: say.declined },
    { step: 'the commune question', path: [B.send], say: 'hủy', reply: say.cancelled },
    { step: 'the details', path: [B.send, 'dinh hoa', B.rewrite], say: 'thôi', reply: say.cancelled },
    { step: 'the phone number', path: [B.send, 'dinh hoa', B.keep, B.phoneYes], say: 'Huỷ', reply: say.cancelled },
    { step: 'the summary', path: [B.send, 'dinh hoa', B.keep, B.phoneNo], say: B.cancel, reply: say.cancelled },
  ])('leaving at $step files nothing, and the next message starts afresh', async ({ path, say: words, reply }) => {
    const chat = createChat({ tickets });
    await chat.start({ reason: 'fallback', question: QUESTION });
    for (const text of path) await chat.send(text);
    expect(textOf(await chat.send(words))).toBe(reply);
    expect(await ticketCount()).toBe(0);
    expect(textOf(await chat.send('gửi phản ánh'))).toContain(say.askCommune);
  });

  test('"Sửa lại" changes just the commune and keeps the rest', async () => {
    const chat = createChat({ tickets });
    const summary = await toSummary(chat);
    const which = await chat.tap(summary, B.edit);
    expect(titlesOf(lastWithButtons(which))).toEqual([B.editCommune, B.editDetails, B.editPhone]);
    expect(textOf(await chat.tap(which, B.editCommune))).toBe(say.askCommune);
    const again = await chat.send('Sơn Thủy');
    expect(textOf(again)).toContain('Công an Xã Sơn Thủy');
    expect(textOf(again)).toContain(QUESTION);
    await chat.tap(again, B.confirm);
    expect(await onlyTicket()).toMatchObject({ communeId: 'xa-son-thuy', subject: QUESTION, phone: null });
  });

  test('"Sửa lại" can add a phone number after all', async () => {
    const chat = createChat({ tickets });
    const summary = await toSummary(chat);
    const which = await chat.tap(summary, B.edit);
    const consent = await chat.tap(which, B.editPhone);
    await chat.tap(consent, B.phoneYes);
    const again = await chat.send('0389123456');
    expect(textOf(again)).toContain('Số điện thoại: 0389123456');
    await chat.tap(again, B.confirm);
    expect((await onlyTicket()).phone).toBe('0389123456');
  });
});

describe('nothing is lost, nothing is doubled', () => {
  test('the code is shown only after the ticket is committed', async () => {
    const chat = createChat({ tickets });
    const summary = await toSummary(chat);
    await chat.tap(summary, B.confirm);
    expect(chat.shownCodes).toHaveLength(1);
    expect(chat.shownCodes[0]!.committed).toBe(true);
  });

  test('when the database fails, the citizen is told, the content is kept, and a retry files it once', async () => {
    let failures = 1;
    const flaky: TicketRepository = Object.create(tickets) as TicketRepository;
    flaky.create = async (input) => {
      if (failures-- > 0) throw new Error('database is locked');
      return tickets.create(input);
    };
    const chat = createChat({ tickets: flaky });
    const summary = await toSummary(chat);
    const failed = await chat.tap(summary, B.confirm);
    expect(textOf(failed)).toBe(say.saveFailed);
    expect(titlesOf(lastWithButtons(failed))).toEqual([B.retry, B.cancel]);
    expect(await ticketCount()).toBe(0);
    const sent = await chat.tap(failed, B.retry);
    const ticket = await onlyTicket();
    expect(textOf(sent)).toContain(ticket.code);
    expect(ticket.subject).toBe(QUESTION);
  });

  test('a confirmation replayed after a crash (state not saved) gets the same ticket, not a second one', async () => {
    const storage = new MemoryStorage();
    const chat = createChat({ tickets, storage });
    const summary = await toSummary(chat);
    chat.crashAfterNextTurn();
    const first = await chat.tap(summary, B.confirm);
    // The process "died" before saving: the conversation still waits at the summary, and the citizen taps again.
    const second = await chat.send(B.confirm);
    const ticket = await onlyTicket();
    expect(textOf(first)).toContain(ticket.code);
    expect(textOf(second)).toContain(ticket.code);
  });
});

describe('after filing', () => {
  async function file(chat: Chat, question = QUESTION): Promise<Ticket> {
    const summary = await toSummary(chat, question);
    await chat.tap(summary, B.confirm);
    const page = await tickets.list({ scope: { all: true }, limit: 1 });
    return page.tickets[0]!;
  }

  test('"tra cứu <mã>" shows the status, the question and, once there is one, the reply', async () => {
    const chat = createChat({ tickets });
    const ticket = await file(chat);
    const waiting = await chat.send(`tra cứu ${ticket.code}`);
    expect(textOf(waiting)).toContain(`Phản ánh ${ticket.code}: Mới`);
    expect(textOf(waiting)).toContain(QUESTION);
    expect(textOf(waiting)).toContain('Chưa có trả lời');
    expect(titlesOf(lastWithButtons(waiting))).toEqual([B.addMore(ticket.code)]);

    await tickets.addStaffReply(ticket.id, 1, 'Cán bộ sẽ đến tận nhà làm căn cước cho cụ, bạn gọi trước cho Công an xã nhé.');
    const answered = await chat.send(`tra cuu ${ticket.code.toLowerCase()}`);
    expect(textOf(answered)).toContain('Đã trả lời');
    expect(textOf(answered)).toContain('Cán bộ sẽ đến tận nhà');
  });

  test('"tra cứu" without a code shows this conversation\'s latest ticket', async () => {
    const chat = createChat({ tickets });
    expect(textOf(await chat.send('tra cứu phản ánh'))).toBe(say.lookupNoneHere);
    const ticket = await file(chat);
    expect(textOf(await chat.send('tra cứu phản ánh'))).toContain(ticket.code);
  });

  test('someone else typing the code learns the status only', async () => {
    const ticket = await file(createChat({ tickets }));
    await tickets.addStaffReply(ticket.id, 1, 'Nội dung trả lời riêng');
    const stranger = createChat({ tickets, conversationId: 'conv-other', userId: 'someone-else' });
    const seen = textOf(await stranger.send(`tra cứu ${ticket.code}`));
    expect(seen).toContain('Đã trả lời');
    expect(seen).toContain(say.lookupStatusOnly);
    expect(seen).not.toContain(QUESTION);
    expect(seen).not.toContain('Nội dung trả lời riêng');
  });

  test('an unknown code is said to be unknown', async () => {
    const chat = createChat({ tickets });
    expect(textOf(await chat.send('tra cứu TH-20200101-0001'))).toBe(say.lookupNotFound('TH-20200101-0001'));
  });

  test('"tra cứu" in the middle of the form answers and asks the same question again', async () => {
    const chat = createChat({ tickets });
    const ticket = await file(chat);
    await chat.start({ reason: 'person' });
    await chat.send(B.sendNew);
    const reply = await chat.send(`tra cứu ${ticket.code}`);
    expect(textOf(reply)).toContain(ticket.code);
    expect(textOf(reply)).toContain(say.askCommune);
    expect(textOf(await chat.send('dinh hoa'))).toBe(say.askDetails('question'));
  });

  test('with a ticket open, starting again offers to add to it; the addition is stored', async () => {
    const chat = createChat({ tickets });
    const ticket = await file(chat);
    const offer = await chat.start({ reason: 'menu' });
    expect(textOf(offer)).toBe(say.offerWithOpen(ticket.code, 'new'));
    const ask = await chat.tap(offer, B.appendTo(ticket.code));
    expect(textOf(ask)).toBe(say.askAppend(ticket.code));
    expect(textOf(await chat.send('Cụ nhà tôi ở thôn 5, gần trường tiểu học'))).toBe(say.appended(ticket.code, false));
    expect((await tickets.messages(ticket.id)).map((m) => m.body)).toContain('Cụ nhà tôi ở thôn 5, gần trường tiểu học');
    expect(await ticketCount()).toBe(1);
  });

  test('writing after the answer reopens the ticket, and the citizen is told', async () => {
    const chat = createChat({ tickets });
    const ticket = await file(chat);
    await tickets.addStaffReply(ticket.id, 1, 'Đã trả lời');
    const ask = await chat.send(B.addMore(ticket.code));
    expect(textOf(ask)).toBe(say.askAppend(ticket.code));
    expect(textOf(await chat.send('Cho tôi hỏi thêm: có cần mang ảnh không?'))).toBe(say.appended(ticket.code, true));
    expect((await tickets.get(ticket.id))?.status).toBe('new');
  });

  test('nobody can add to a ticket filed from another conversation', async () => {
    const ticket = await file(createChat({ tickets }));
    const stranger = createChat({ tickets, conversationId: 'conv-other', userId: 'someone-else' });
    expect(textOf(await stranger.send(`bổ sung ${ticket.code}`))).toBe(say.appendNotHere(ticket.code));
    expect((await tickets.messages(ticket.id)).filter((m) => m.author === 'citizen')).toHaveLength(1);
  });

  test('"bổ sung thông tin" with nothing open offers a new ticket', async () => {
    const chat = createChat({ tickets });
    const offer = await chat.send('bổ sung thông tin');
    expect(textOf(offer)).toBe(say.noOpenTicket);
    expect(textOf(await chat.tap(offer, B.sendNew))).toContain(say.askCommune);
  });
});
