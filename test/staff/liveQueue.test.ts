/**
 * The live queue over server-sent events: a ticket filed after the console opened appears on it without a reload,
 * only on consoles allowed to see that commune; on PostgreSQL also when the ticket was filed through another
 * instance (another connection pool, another event-bus listener).
 */
import { TicketEvents } from '../../src/escalation/ticketEvents';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { backends } from '../storage/backends';
import { Browser, SseListener, startStaffApi, type StaffApi } from './apiServer';

const A = 'xa-quang-ninh';
const B = 'xa-quang-binh';
const conversationRef = (id: string): string =>
  JSON.stringify({ channelId: 'directline', serviceUrl: 'http://127.0.0.1:1', conversation: { id }, user: { id: 'u' }, bot: { id: 'b' } });

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;
  const listeners: SseListener[] = [];
  const listen = async (b: Browser): Promise<SseListener> => {
    const l = await SseListener.open(b);
    listeners.push(l);
    return l;
  };

  beforeAll(async () => {
    api = await startStaffApi(await backend.open(), { heartbeatMs: 200 });
  });
  afterAll(async () => {
    for (const l of listeners) l.close();
    await api.close();
  });

  test("a new ticket reaches the console of its commune's officer and the supervisor's, not another commune's", async () => {
    const officerA = await listen(await Browser.signedIn(api, await api.account('officer', A)));
    const officerB = await listen(await Browser.signedIn(api, await api.account('officer', B)));
    const supervisor = await listen(await Browser.signedIn(api, await api.account('supervisor')));
    for (const l of [officerA, officerB, supervisor]) await l.next((e) => e.event === 'hello');

    const ticket = await api.ticket(A, 'Hỏi về đăng ký xe máy mới mua');
    const isIt = (e: { event: string; data: Record<string, unknown> }) => e.event === 'ticket' && e.data.ticketId === ticket.id;
    expect((await officerA.next(isIt)).data).toEqual({
      type: 'created',
      change: 'created',
      ticketId: ticket.id,
      code: ticket.code,
      status: 'new',
      communeId: A,
    });
    await supervisor.next(isIt);
    // B's console got a later event of its own commune, but never A's ticket.
    const ticketB = await api.ticket(B);
    await officerB.next((e) => e.event === 'ticket' && e.data.ticketId === ticketB.id);
    expect(officerB.events.some(isIt)).toBe(false);
    // Events carry ids, never what the citizen wrote.
    expect(JSON.stringify(officerA.events)).not.toContain('đăng ký xe');
  });

  test('changes are announced too: claimed, replied', async () => {
    const officer = await Browser.signedIn(api, await api.account('officer', A));
    const stream = await listen(officer);
    await stream.next((e) => e.event === 'hello');
    const ticket = await api.ticket(A);
    await officer.post(`/staff/api/tickets/${ticket.id}/claim`);
    await stream.next((e) => e.data.ticketId === ticket.id && e.data.change === 'claimed' && e.data.status === 'in_progress');
    await officer.post(`/staff/api/tickets/${ticket.id}/replies`, { text: 'Đã trả lời.' });
    await stream.next((e) => e.data.ticketId === ticket.id && e.data.change === 'staff_reply' && e.data.status === 'answered');
    await stream.next((e) => e.data.ticketId === ticket.id && e.data.change === 'delivery');
  });

  test('signing out ends the stream at the next heartbeat', async () => {
    const officer = await Browser.signedIn(api, await api.account('officer', A));
    const stream = await listen(officer);
    await stream.next((e) => e.event === 'hello');
    await officer.post('/staff/api/logout');
    await stream.next((e) => e.event === 'session-ended');
  });

  test('a trainer (no ticket access) cannot open the stream', async () => {
    const stream = await listen(await Browser.signedIn(api, await api.account('trainer')));
    expect(stream.status).toBe(403);
  });

  test('a ticket filed through another instance appears live', async () => {
    // A second "instance": its own database connection (and on PostgreSQL its own LISTEN connection) and repository.
    const other = await backend.open();
    const tickets = new SqlTicketRepository(other, { provinceCode: 'TH', events: new TicketEvents(other.events) });
    const stream = await listen(await Browser.signedIn(api, await api.account('officer', A)));
    await stream.next((e) => e.event === 'hello');
    const { ticket } = await tickets.create({
      kind: 'question',
      communeId: A,
      channel: 'directline',
      conversationRef: conversationRef(`other-${process.pid}`),
      subject: 'Gửi từ máy chủ thứ hai',
      phone: null,
      transcript: [],
    });
    await stream.next((e) => e.event === 'ticket' && e.data.code === ticket.code);
  });
});
