/**
 * An officer working the queue through the API, as the console does: find, read, claim, reply, note, close; see
 * whether the reply reached the citizen; and a supervisor reading the audit trail of it all.
 */
import { backends } from '../storage/backends';
import { Browser, startStaffApi, type StaffApi } from './apiServer';

const A = 'xa-dinh-tan';

interface Summary {
  id: number;
  code: string;
  status: string;
  statusLabel: string;
  assigneeName: string | null;
}
interface Detail extends Summary {
  subject: string;
  messages: Array<{ id: number; author: string; authorName: string; body: string; internal: boolean; delivery: string; deliveryLabel: string; deliveryError: string | null }>;
  deliveryProblem: string | null;
}

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;
  let officer: Browser;
  let colleague: Browser;
  let officerName: string;

  beforeAll(async () => {
    api = await startStaffApi(await backend.open());
    officerName = await api.account('officer', A);
    officer = await Browser.signedIn(api, officerName);
    colleague = await Browser.signedIn(api, await api.account('officer', A));
  });
  afterAll(() => api.close());

  describe('the queue', () => {
    test('filters by status, finds by words without diacritics, and by who holds the ticket', async () => {
      const fresh = await api.ticket(A, 'Xin hỏi thủ tục đăng ký thường trú cho vợ');
      const held = await api.ticket(A, 'Tài khoản VNeID bị khóa thì làm thế nào?');
      await officer.post(`/staff/api/tickets/${held.id}/claim`);

      const byWords = await officer.get<{ tickets: Summary[] }>(`/staff/api/tickets?q=${encodeURIComponent('thuong tru cho vo')}`);
      expect(byWords.body.tickets.map((t) => t.code)).toEqual([fresh.code]);
      const newOnes = await officer.get<{ tickets: Summary[] }>('/staff/api/tickets?status=new&limit=200');
      expect(newOnes.body.tickets.map((t) => t.code)).toContain(fresh.code);
      expect(newOnes.body.tickets.map((t) => t.code)).not.toContain(held.code);
      const mine = await officer.get<{ tickets: Summary[] }>('/staff/api/tickets?assigned=me');
      expect(mine.body.tickets).toEqual([expect.objectContaining({ code: held.code, statusLabel: 'Đang xử lý' })]);
      const byCode = await officer.get<{ tickets: Summary[] }>(`/staff/api/tickets?q=${held.code}`);
      expect(byCode.body.tickets.map((t) => t.code)).toEqual([held.code]);
    });

    test.each([
      ['status=done', /Trạng thái không hợp lệ/],
      ['from=27-11-2025', /phải có dạng YYYY-MM-DD/],
      ['to=2025-02-30', /phải có dạng YYYY-MM-DD/],
      ['limit=-1', /số nguyên không âm/],
      ['assigned=someone', /"assigned" không hợp lệ/],
      ['sort=random', /"sort" không hợp lệ/],
    ])('a bad filter (%s) is a 400 that says what is wrong', async (query, message) => {
      const r = await officer.get<{ error: { message: string } }>(`/staff/api/tickets?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
    });
  });

  describe('a ticket', () => {
    test('shows the masked transcript and internal notes, never the conversation reference', async () => {
      const ticket = await api.ticket(A, 'Có người gọi xin mã OTP 483920 của tôi, số tài khoản 0123456789012');
      await officer.post(`/staff/api/tickets/${ticket.id}/notes`, { text: 'Đã báo cho tổ phòng chống lừa đảo.' });
      const r = await officer.get<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}`);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain('483920');
      expect(r.text).not.toContain('0123456789012');
      expect(r.text).not.toMatch(/conversationRef|serviceUrl/);
      const note = r.body.ticket.messages.find((m) => m.internal);
      expect(note).toMatchObject({ body: 'Đã báo cho tổ phòng chống lừa đảo.', author: 'staff', internal: true });
      expect(note?.authorName).toBe(officerName);
      expect(r.body.ticket.messages[0]).toMatchObject({ author: 'citizen', authorName: 'Người dân' });
    });

    test('"nhận xử lý": the first officer gets it, the next is told who has it', async () => {
      const ticket = await api.ticket(A);
      const [a, b] = await Promise.all([
        officer.post<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}/claim`),
        colleague.post<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}/claim`),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(winner.body.ticket).toMatchObject({ status: 'in_progress', statusLabel: 'Đang xử lý' });
      expect(loser.body).toMatchObject({ error: { code: 'AlreadyClaimed', message: `Phiếu đã được ${winner.body.ticket.assigneeName} nhận xử lý.` } });
      // Clicking again is not a lost race.
      const again = a.status === 200 ? officer : colleague;
      expect((await again.post(`/staff/api/tickets/${ticket.id}/claim`)).status).toBe(200);
    });

    test('a reply reaches the citizen in their conversation, is marked delivered, and answers the ticket', async () => {
      const ticket = await api.ticket(A, 'Làm căn cước cho con 5 tuổi cần gì?');
      const text = 'Chào anh/chị, cháu dưới 6 tuổi làm căn cước qua VNeID của cha mẹ; nếu chưa có, anh/chị đưa cháu đến Công an xã.';
      const r = await officer.post<{ message: Detail['messages'][number]; delivery: { status: string } }>(
        `/staff/api/tickets/${ticket.id}/replies`,
        { text },
      );
      expect(r.status).toBe(201);
      expect(r.body.delivery).toEqual({ status: 'delivered' });
      expect(r.body.message).toMatchObject({ body: text, delivery: 'delivered', deliveryLabel: 'Đã gửi tới người dân' });
      const sent = api.channel.sent.filter((s) => s.ref === ticket.conversationRef);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toContain(text);
      expect(sent[0]!.text).toContain(ticket.code);
      const detail = await officer.get<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}`);
      expect(detail.body.ticket).toMatchObject({ status: 'answered', statusLabel: 'Đã trả lời', assigneeName: officerName });
    });

    test('a failed delivery is shown on the ticket and can be sent again', async () => {
      const ticket = await api.ticket(A);
      api.channel.failWith = new Error('mất kết nối tới kênh');
      try {
        const r = await officer.post<{ message: { id: number; delivery: string; deliveryError: string }; delivery: { status: string } }>(
          `/staff/api/tickets/${ticket.id}/replies`,
          { text: 'Anh/chị vui lòng đến trụ sở Công an xã.' },
        );
        expect(r.status).toBe(201);
        expect(r.body.delivery.status).toBe('failed');
        expect(r.body.message).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('mất kết nối') });
        const detail = await officer.get<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}`);
        expect(detail.body.ticket.deliveryProblem).toContain('mất kết nối');
        expect(detail.body.ticket.messages.at(-1)).toMatchObject({ delivery: 'failed', deliveryLabel: 'Gửi không thành công' });

        api.channel.failWith = undefined;
        const retry = await officer.post<{ message: { delivery: string } }>(`/staff/api/tickets/${ticket.id}/messages/${r.body.message.id}/deliver`);
        expect(retry).toMatchObject({ status: 200, body: { message: { delivery: 'delivered' } } });
        expect(api.channel.sent.filter((s) => s.ref === ticket.conversationRef)).toHaveLength(1);
      } finally {
        api.channel.failWith = undefined;
      }
    });

    test('status changes and a closed ticket shows as closed; a bad status is refused', async () => {
      const ticket = await api.ticket(A);
      expect((await officer.post(`/staff/api/tickets/${ticket.id}/status`, { status: 'finished' })).status).toBe(400);
      const closed = await officer.post<{ ticket: Detail }>(`/staff/api/tickets/${ticket.id}/status`, { status: 'closed' });
      expect(closed.body.ticket).toMatchObject({ status: 'closed', statusLabel: 'Đã đóng' });
    });

    test.each([
      [{}, /không được để trống/],
      [{ text: '   ' }, /không được để trống/],
      [{ text: 42 }, /không được để trống/],
      [{ text: 'x'.repeat(4001) }, /dài quá 4000/],
    ])('an unusable reply body (%#) is a 400 and nothing is sent', async (body, message) => {
      const ticket = await api.ticket(A);
      const r = await officer.post<{ error: { message: string } }>(`/staff/api/tickets/${ticket.id}/replies`, body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
      expect(api.channel.sent.filter((s) => s.ref === ticket.conversationRef)).toEqual([]);
    });

    test.each([
      ['not JSON', 'text/plain', 'hello', '415'],
      ['broken JSON', 'application/json', '{"text": ', '400'],
      ['a JSON array', 'application/json', '[1,2]', '400'],
    ])('a body that is %s gets %s', async (_what, type, raw, status) => {
      const ticket = await api.ticket(A);
      const res = await fetch(`${api.url}/staff/api/tickets/${ticket.id}/replies`, {
        method: 'POST',
        headers: { cookie: officer.cookie!, 'x-csrf-token': officer.csrf!, 'content-type': type },
        body: raw,
      });
      expect(String(res.status)).toBe(status);
    });

    test('an unknown ticket is 404', async () => {
      expect((await officer.get('/staff/api/tickets/999999999')).status).toBe(404);
      expect((await officer.get('/staff/api/tickets/abc')).status).toBe(404);
    });

    test('canned replies are there to start from', async () => {
      const r = await officer.get<{ replies: Array<{ label: string; text: string }> }>('/staff/api/canned-replies');
      expect(r.body.replies.length).toBeGreaterThanOrEqual(3);
      for (const reply of r.body.replies) expect(reply.text).toMatch(/^Chào anh\/chị/);
    });
  });

  test('a supervisor reads who did what to a ticket in the audit log', async () => {
    const ticket = await api.ticket(A);
    await officer.post(`/staff/api/tickets/${ticket.id}/claim`);
    await officer.post(`/staff/api/tickets/${ticket.id}/replies`, { text: 'Đã xử lý xong, cảm ơn anh/chị.' });
    await officer.post(`/staff/api/tickets/${ticket.id}/status`, { status: 'closed' });
    const supervisor = await Browser.signedIn(api, await api.account('supervisor'));
    const log = await supervisor.get<{ entries: Array<{ action: string; actionLabel: string; actor: string; target: string; at: number }> }>(
      `/staff/api/audit?ticket=${ticket.id}`,
    );
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e) => e.action)).toEqual(['ticket.status', 'ticket.reply', 'ticket.claim']);
    expect(log.body.entries.every((e) => e.actor === officerName && e.target === ticket.code && e.at > 0)).toBe(true);
    expect(log.body.entries[1]?.actionLabel).toBe('Trả lời người dân');
    // The reply's words stay in the ticket, not in the log.
    expect(JSON.stringify(log.body)).not.toContain('Đã xử lý xong');
  });
});
