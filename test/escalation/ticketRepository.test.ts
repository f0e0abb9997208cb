import type { Database } from '../../src/storage/database';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { SqlTicketRepository, TicketNotFoundError } from '../../src/escalation/ticketRepository';
import { TicketEvents } from '../../src/escalation/ticketEvents';
import type { NewTicket, TicketEvent } from '../../src/escalation/types';
import { backends } from '../storage/backends';

/** 2025-11-27 09:00 in Vietnam (02:00 UTC). Each test uses its own day so codes do not depend on test order. */
const DAY = Date.UTC(2025, 10, 27, 2, 0);
const DAY_MS = 24 * 3600 * 1000;

function conversationRef(conversationId: string, userId = `u-${conversationId}`): string {
  return JSON.stringify({
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: conversationId },
    user: { id: userId, role: 'user' },
    bot: { id: 'bot', role: 'bot' },
  });
}

function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    kind: 'question',
    communeId: 'xa-dinh-hoa',
    channel: 'webchat',
    conversationRef: conversationRef('conv-1'),
    subject: 'Tôi muốn hỏi thủ tục đăng ký tạm trú cho con',
    phone: null,
    transcript: [],
    ...overrides,
  };
}

/**
 * Makes the database itself refuse to store `subject` in `table` (`tickets`, or `ticket_messages` by body), as a full
 * disk or a crash in the middle of the write would: a trigger, so the failure happens inside the database, in the
 * middle of whatever statement or transaction filing uses. Returns the way to remove it.
 */
async function failWhenStoring(db: Database, table: 'tickets' | 'ticket_messages', text: string): Promise<() => Promise<void>> {
  const column = table === 'tickets' ? 'subject' : 'body';
  const name = `fail_${table}`;
  const literal = `'${text.replace(/'/g, "''")}'`;
  if (db.dialect === 'sqlite') {
    await db.execute(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN NEW.${column} = ${literal}
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    return async () => void (await db.execute(`DROP TRIGGER ${name}`));
  }
  await db.execute(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'disk I/O error'; END $$`,
  );
  await db.execute(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW WHEN (NEW.${column} = ${literal}) EXECUTE FUNCTION ${name}()`);
  return async () => {
    await db.execute(`DROP TRIGGER ${name} ON ${table}`);
    await db.execute(`DROP FUNCTION ${name}()`);
  };
}

describe.each(backends())('TicketRepository on $name', (backend) => {
  let db: AppDatabase;
  let clock = DAY;
  let repo: SqlTicketRepository;

  beforeAll(async () => {
    db = await backend.open();
    repo = new SqlTicketRepository(db, { provinceCode: 'TH', now: () => clock });
  });

  const onDay = (n: number, hourOffsetMs = 0): void => {
    clock = DAY + n * DAY_MS + hourOffsetMs;
  };

  describe('filing a ticket', () => {
    test('codes are <province>-<local date>-<number of the day>, counting from 0001 each day', async () => {
      onDay(0);
      const first = await repo.create(newTicket());
      const second = await repo.create(newTicket());
      // 23:30 UTC is already the next morning in Vietnam.
      clock = Date.UTC(2025, 10, 27, 23, 30);
      const nextDay = await repo.create(newTicket());
      expect([first.ticket.code, second.ticket.code, nextDay.ticket.code]).toEqual([
        'TH-20251127-0001',
        'TH-20251127-0002',
        'TH-20251128-0001',
      ]);
      expect(first.created).toBe(true);
    });

    test('the ticket and its first messages are stored, masked, with the phone only when given', async () => {
      onDay(3);
      const { ticket } = await repo.create(
        newTicket({
          subject: 'Tôi lỡ đọc mã 482913 cho người gọi, cccd 038123456789',
          transcript: ['Câu hỏi trước: mã OTP là gì'],
          phone: '0912345678',
          conversationRef: conversationRef('conv-stored', 'user-7'),
        }),
      );
      const stored = await repo.findByCode(ticket.code);
      expect(stored).toMatchObject({
        status: 'new',
        communeId: 'xa-dinh-hoa',
        channel: 'webchat',
        phone: '0912345678',
        conversationId: 'conv-stored',
        userId: 'user-7',
        assignedTo: null,
        closedAt: null,
      });
      expect(stored?.subject).not.toMatch(/482913|038123456789/);
      const messages = await repo.messages(ticket.id);
      expect(messages.map((m) => m.author)).toEqual(['citizen', 'citizen']);
      expect(messages[1]?.body).toBe(stored?.subject);
      expect(messages.every((m) => m.delivery === 'not_applicable' && !m.internal)).toBe(true);

      const noPhone = await repo.create(newTicket({ phone: null }));
      expect((await repo.get(noPhone.ticket.id))?.phone).toBeNull();
    });

    test('the ten-thousandth ticket of a day gets five digits, and its messages keep their order', async () => {
      onDay(7);
      await repo.create(newTicket());
      await db.execute('UPDATE ticket_code_counters SET last_seq = 9998 WHERE prefix = $1', ['TH-20251204']);
      const codes: string[] = [];
      for (const subject of ['Câu hỏi thứ nhất', 'Câu hỏi thứ hai']) {
        const { ticket } = await repo.create(newTicket({ subject, transcript: ['dòng một', 'dòng hai', 'dòng ba'] }));
        codes.push(ticket.code);
        expect((await repo.messages(ticket.id)).map((m) => m.body)).toEqual(['dòng một', 'dòng hai', 'dòng ba', subject]);
      }
      expect(codes).toEqual(['TH-20251204-9999', 'TH-20251204-10000']);
      expect((await repo.list({ scope: { all: true }, q: 'TH-20251204-10000', limit: 10 })).tickets.map((t) => t.code)).toEqual([
        'TH-20251204-10000',
      ]);
    });

    test('the same request key files one ticket, however often the confirmation arrives', async () => {
      onDay(5);
      const key = `req-${backend.name}-1`;
      const [a, b] = await Promise.all([repo.create(newTicket({ requestKey: key })), repo.create(newTicket({ requestKey: key }))]);
      const again = await repo.create(newTicket({ requestKey: key }));
      expect(new Set([a.ticket.code, b.ticket.code, again.ticket.code]).size).toBe(1);
      expect([a.created, b.created, again.created].filter(Boolean)).toHaveLength(1);
      // The replays did not use up numbers: the next ticket of the day is 0002.
      const next = await repo.create(newTicket());
      expect(next.ticket.code).toBe('TH-20251202-0002');
    });

    test('tickets filed at the same moment from two instances get distinct, gap-free codes', async () => {
      onDay(6);
      const other = new SqlTicketRepository(await backend.open(), { provinceCode: 'TH', now: () => clock });
      const created = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? repo : other).create(newTicket({ subject: `Câu hỏi số ${i}` }))),
      );
      const numbers = created.map((c) => Number(c.ticket.code.slice(-4))).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    });

    test.each([
      { step: 'the first message', table: 'ticket_messages' as const, day: 8, date: '20251205' },
      { step: 'the ticket row', table: 'tickets' as const, day: 9, date: '20251206' },
    ])('a failure while writing $step leaves no ticket, no message and no used number', async ({ table, day, date }) => {
      onDay(day);
      const key = `half-${backend.name}-${day}`;
      const subject = 'không được lưu nửa chừng';
      const removeFailure = await failWhenStoring(db, table, subject);
      try {
        await expect(repo.create(newTicket({ subject, transcript: ['dòng trước đó'], requestKey: key }))).rejects.toThrow('disk I/O error');
      } finally {
        await removeFailure();
      }
      expect(await repo.findByRequestKey(key)).toBeUndefined();
      const orphans = await db.query('SELECT id FROM ticket_messages WHERE ticket_id NOT IN (SELECT id FROM tickets)');
      expect(orphans).toEqual([]);
      expect(await db.query('SELECT id FROM ticket_messages WHERE body = $1', ['dòng trước đó'])).toEqual([]);
      expect((await repo.list({ scope: { all: true }, q: subject, limit: 10 })).total).toBe(0);
      // The failed attempt did not use up a number: the day's first real ticket is 0001.
      expect((await repo.create(newTicket())).ticket.code).toBe(`TH-${date}-0001`);
    });

    test.each([
      { what: 'an empty subject', input: { subject: '   ' } },
      { what: 'a conversation reference that is not JSON', input: { conversationRef: 'not json' } },
      { what: 'a conversation reference without a conversation id', input: { conversationRef: '{"user":{"id":"u"}}' } },
      { what: 'no commune', input: { communeId: ' ' } },
    ])('refuses $what', async ({ input }) => {
      await expect(repo.create(newTicket(input))).rejects.toThrow(TypeError);
    });
  });

  describe('the ticket lifecycle', () => {
    test('claim → reply → delivered → closed → citizen writes again → back in the queue', async () => {
      onDay(10);
      const { ticket } = await repo.create(newTicket({ communeId: 'xa-life' }));

      const claimed = await repo.claim(ticket.id, 7);
      expect(claimed).toMatchObject({ ok: true, ticket: { status: 'in_progress', assignedTo: 7 } });

      clock += 60_000;
      const reply = await repo.addStaffReply(ticket.id, 7, 'Bạn mang theo căn cước tới Công an xã nhé.');
      expect(reply.ticket).toMatchObject({ status: 'answered', firstReplyAt: clock });
      expect(reply.message).toMatchObject({ author: 'staff', staffId: 7, delivery: 'pending', internal: false });

      const failed = await repo.markDelivery(reply.message.id, 'failed', 'HTTP 502');
      expect(failed).toMatchObject({ delivery: 'failed', deliveryError: 'HTTP 502' });
      expect((await repo.get(ticket.id))?.deliveryProblem).toBe('HTTP 502');
      await repo.markDelivery(reply.message.id, 'delivered');
      expect((await repo.get(ticket.id))?.deliveryProblem).toBeNull();

      const closed = await repo.setStatus(ticket.id, 'closed');
      expect(closed.closedAt).toBe(clock);

      const again = await repo.appendCitizenMessage(ticket.id, 'Cho tôi hỏi thêm: có cần ảnh không?');
      expect(again.reopened).toBe(true);
      expect(again.ticket).toMatchObject({ status: 'new', closedAt: null, assignedTo: 7 });
      // The first reply time is kept for statistics.
      expect(again.ticket.firstReplyAt).toBe(reply.ticket.firstReplyAt);
    });

    test.each([
      { from: 'new' as const, reopened: false, after: 'new' },
      { from: 'in_progress' as const, reopened: false, after: 'in_progress' },
      { from: 'answered' as const, reopened: true, after: 'new' },
      { from: 'closed' as const, reopened: true, after: 'new' },
    ])('a citizen message on a $from ticket leaves it $after', async ({ from, reopened, after }) => {
      onDay(11);
      const { ticket } = await repo.create(newTicket());
      await repo.setStatus(ticket.id, from);
      const result = await repo.appendCitizenMessage(ticket.id, 'Bổ sung: tôi ở thôn 3 mã 123456');
      expect(result.reopened).toBe(reopened);
      expect(result.ticket.status).toBe(after);
      expect(result.message.body).not.toContain('123456');
    });

    test('internal notes never appear in what the citizen side reads', async () => {
      onDay(12);
      const { ticket } = await repo.create(newTicket());
      await repo.addNote(ticket.id, 3, 'Đã gọi điện, chưa liên lạc được');
      await repo.addStaffReply(ticket.id, 3, 'Chúng tôi sẽ liên hệ lại.');
      expect((await repo.messages(ticket.id)).map((m) => m.body)).not.toContain('Đã gọi điện, chưa liên lạc được');
      const all = await repo.messages(ticket.id, { includeInternal: true });
      expect(all.find((m) => m.internal)?.body).toBe('Đã gọi điện, chưa liên lạc được');
    });

    test('when officers click "nhận xử lý" at the same time, exactly one gets the ticket', async () => {
      onDay(13);
      const { ticket } = await repo.create(newTicket());
      const other = new SqlTicketRepository(await backend.open(), { provinceCode: 'TH', now: () => clock });
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? repo : other).claim(ticket.id, 100 + i)));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const owner = winners[0]!.ticket!.assignedTo;
      for (const loser of results.filter((r) => !r.ok)) expect(loser.ticket?.assignedTo).toBe(owner);
      // The winner clicking again is not told they lost.
      expect((await repo.claim(ticket.id, owner!)).ok).toBe(true);
    });

    test('operations on a ticket that does not exist say so', async () => {
      await expect(repo.appendCitizenMessage(999_999, 'xin chào')).rejects.toThrow(TicketNotFoundError);
      await expect(repo.addStaffReply(999_999, 1, 'trả lời')).rejects.toThrow(TicketNotFoundError);
      await expect(repo.setStatus(999_999, 'closed')).rejects.toThrow(TicketNotFoundError);
      expect(await repo.claim(999_999, 1)).toEqual({ ok: false, ticket: undefined });
      expect(await repo.markDelivery(999_999, 'delivered')).toBeUndefined();
    });

    test('replies whose sending never finished are found again', async () => {
      onDay(14);
      const { ticket } = await repo.create(newTicket());
      const { message } = await repo.addStaffReply(ticket.id, 1, 'Đang chờ gửi');
      expect((await repo.pendingDeliveries(1000)).map((m) => m.id)).toContain(message.id);
      await repo.markDelivery(message.id, 'delivered');
      expect((await repo.pendingDeliveries(1000)).map((m) => m.id)).not.toContain(message.id);
    });

    test('of several instances taking the same reply for sending, exactly one gets it', async () => {
      onDay(14);
      const { ticket } = await repo.create(newTicket());
      const { message } = await repo.addStaffReply(ticket.id, 1, 'Trả lời');
      const other = new SqlTicketRepository(await backend.open(), { provinceCode: 'TH', now: () => clock });
      const taken = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? repo : other).startDelivery(message.id)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect((await repo.getMessage(message.id))?.delivery).toBe('sending');
      // Left `sending` by a sender that died: taken again only once it is stale.
      expect(await repo.startDelivery(message.id, clock - 60_000)).toBeUndefined();
      clock += 120_000;
      expect(await repo.startDelivery(message.id, clock - 60_000)).toBeDefined();
    });

    test('the open ticket of a conversation is found, closed ones are not', async () => {
      onDay(15);
      const ref = conversationRef(`conv-open-${backend.name}`);
      const older = await repo.create(newTicket({ conversationRef: ref }));
      const newer = await repo.create(newTicket({ conversationRef: ref }));
      expect((await repo.findOpenForConversation('webchat', `conv-open-${backend.name}`))?.id).toBe(newer.ticket.id);
      await repo.setStatus(newer.ticket.id, 'closed');
      expect((await repo.findOpenForConversation('webchat', `conv-open-${backend.name}`))?.id).toBe(older.ticket.id);
      expect(await repo.findOpenForConversation('zalo-oa', `conv-open-${backend.name}`)).toBeUndefined();
    });
  });

  describe('the queue', () => {
    let ids: Record<string, number>;

    beforeAll(async () => {
      onDay(20);
      const make = async (name: string, input: Partial<NewTicket>, status?: 'answered' | 'closed'): Promise<void> => {
        clock += 1000;
        const { ticket } = await repo.create(newTicket(input));
        if (status) await repo.setStatus(ticket.id, status);
        ids[name] = ticket.id;
      };
      ids = {};
      await make('a1', { communeId: 'q-a', subject: 'Làm căn cước cho con ở Định Hòa' });
      await make('a2', { communeId: 'q-a', subject: 'Đăng ký tạm trú', channel: 'zalo-oa' }, 'answered');
      await make('b1', { communeId: 'q-b', subject: 'Bị lừa chuyển tiền', kind: 'scam_report' });
      await make('c1', { communeId: 'q-c', subject: 'Quên mật khẩu VNeID' }, 'closed');
    });

    const names = (tickets: { id: number }[]): string[] =>
      tickets.map((t) => Object.entries(ids).find(([, id]) => id === t.id)?.[0] ?? `other:${t.id}`);

    test.each([
      { what: "an officer's commune only", filter: { scope: { communeIds: ['q-a'] } }, expected: ['a2', 'a1'] },
      { what: 'several communes', filter: { scope: { communeIds: ['q-a', 'q-b'] } }, expected: ['b1', 'a2', 'a1'] },
      { what: 'no commune at all', filter: { scope: { communeIds: [] } }, expected: [] },
      { what: 'one status', filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, status: 'new' as const }, expected: ['b1', 'a1'] },
      {
        what: 'several statuses',
        filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, status: ['answered', 'closed'] as const },
        expected: ['c1', 'a2'],
      },
      { what: 'a channel', filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, channel: 'zalo-oa' }, expected: ['a2'] },
      { what: 'a kind', filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, kind: 'scam_report' as const }, expected: ['b1'] },
      { what: 'words typed without diacritics', filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, q: 'can cuoc DINH HOA' }, expected: ['a1'] },
      { what: 'words with diacritics', filter: { scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, q: 'lừa' }, expected: ['b1'] },
      { what: 'oldest first', filter: { scope: { communeIds: ['q-a', 'q-b'] }, sort: 'oldest' as const }, expected: ['a1', 'a2', 'b1'] },
    ])('filters by $what', async ({ filter, expected }) => {
      const page = await repo.list({ limit: 50, ...filter });
      expect(names(page.tickets)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    test('finds a ticket by its code typed in the search box', async () => {
      const ticket = await repo.get(ids.b1!);
      const page = await repo.list({ scope: { all: true }, q: ticket!.code.toLowerCase(), limit: 5 });
      expect(names(page.tickets)).toEqual(['b1']);
    });

    test('pages through results and reports the total', async () => {
      const scope = { communeIds: ['q-a', 'q-b', 'q-c'] };
      const first = await repo.list({ scope, limit: 3, offset: 0 });
      const second = await repo.list({ scope, limit: 3, offset: 3 });
      expect(first.total).toBe(4);
      expect([...names(first.tickets), ...names(second.tickets)]).toEqual(['c1', 'b1', 'a2', 'a1']);
    });

    test('a date range selects by creation time', async () => {
      const a2 = await repo.get(ids.a2!);
      const page = await repo.list({ scope: { communeIds: ['q-a', 'q-b', 'q-c'] }, from: a2!.createdAt, to: a2!.createdAt + 1, limit: 9 });
      expect(names(page.tickets)).toEqual(['a2']);
    });

    test('a message the citizen added is searchable too', async () => {
      await repo.appendCitizenMessage(ids.a1!, 'Cháu bé mới 5 tuổi');
      const page = await repo.list({ scope: { communeIds: ['q-a'] }, q: 'chau be 5 tuoi', limit: 5 });
      expect(names(page.tickets)).toEqual(['a1']);
    });
  });

  describe('retention', () => {
    test('purging removes transcripts of tickets closed long ago and keeps the statistics', async () => {
      onDay(30);
      const old = await repo.create(newTicket({ communeId: 'r-1', subject: 'Nội dung cũ cần xoá', phone: '0912345678' }));
      await repo.addStaffReply(old.ticket.id, 2, 'Trả lời cũ');
      await repo.setStatus(old.ticket.id, 'closed');
      const recent = await repo.create(newTicket({ communeId: 'r-1', subject: 'Nội dung mới còn giữ' }));
      const stillOpen = await repo.create(newTicket({ communeId: 'r-1', subject: 'Chưa đóng thì giữ' }));
      onDay(60);
      await repo.setStatus(recent.ticket.id, 'closed');

      onDay(30 + 91); // 91 days after the old ticket closed, 61 after the recent one.
      const result = await repo.purgeTranscripts(90);
      expect(result.tickets).toBeGreaterThanOrEqual(1);

      const purged = await repo.get(old.ticket.id);
      expect(purged).toMatchObject({ code: old.ticket.code, communeId: 'r-1', status: 'closed', subject: '', phone: null, purgedAt: clock });
      expect(purged?.firstReplyAt).not.toBeNull();
      expect(await repo.messages(old.ticket.id, { includeInternal: true })).toEqual([]);
      expect((await repo.list({ scope: { all: true }, q: 'noi dung cu', limit: 5 })).total).toBe(0);

      expect((await repo.get(recent.ticket.id))?.subject).toBe('Nội dung mới còn giữ');
      expect((await repo.messages(recent.ticket.id)).length).toBeGreaterThan(0);
      expect((await repo.get(stillOpen.ticket.id))?.subject).toBe('Chưa đóng thì giữ');

      // Nothing left to do on a second run.
      expect(await repo.purgeTranscripts(90)).toEqual({ tickets: 0, messages: 0 });
    });

    test('refuses a negative retention', async () => {
      await expect(repo.purgeTranscripts(-1)).rejects.toThrow(RangeError);
    });
  });

  describe('live updates', () => {
    test('consoles on another instance hear about new and changed tickets', async () => {
      onDay(40);
      const otherDb = await backend.open();
      const heard: TicketEvent[] = [];
      const unsubscribe = await new TicketEvents(otherDb.events).subscribe((e) => {
        heard.push(e);
      });
      const withEvents = new SqlTicketRepository(db, { provinceCode: 'TH', now: () => clock, events: new TicketEvents(db.events) });
      const { ticket } = await withEvents.create(newTicket({ communeId: 'ev-1' }));
      await withEvents.claim(ticket.id, 5);
      await waitFor(() => heard.filter((e) => e.ticketId === ticket.id).length >= 2);
      unsubscribe();
      expect(heard.filter((e) => e.ticketId === ticket.id)).toEqual([
        { type: 'created', ticketId: ticket.id, code: ticket.code, communeId: 'ev-1', status: 'new', change: 'created' },
        { type: 'updated', ticketId: ticket.id, code: ticket.code, communeId: 'ev-1', status: 'in_progress', change: 'claimed' },
      ]);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
