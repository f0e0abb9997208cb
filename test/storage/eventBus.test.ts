import pg from 'pg';
import { MAX_EVENT_BYTES } from '../../src/storage/eventBus';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { backends, POSTGRES_URL } from './backends';

/** Collects what a handler receives; `next(n)` resolves once n events have arrived (jest's timeout bounds it). */
function inbox<T = unknown>(): { handler: (p: T) => void; received: T[]; next: (n: number) => Promise<T[]> } {
  const received: T[] = [];
  const waiters: Array<{ n: number; resolve: (v: T[]) => void }> = [];
  return {
    received,
    handler: (payload) => {
      received.push(payload);
      for (const w of [...waiters]) {
        if (received.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve([...received]);
        }
      }
    },
    next: (n) =>
      received.length >= n ? Promise.resolve([...received]) : new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

describe.each(backends())('$name', (backend) => {
  const quiet = { onError: () => undefined };
  let open: AppDatabase[] = [];
  const instance = async (options = {}): Promise<AppDatabase> => {
    const db = await backend.open(options);
    open.push(db);
    return db;
  };
  // Closed after each test, so no listener outlives the test that made it.
  afterEach(async () => {
    await Promise.all(open.map((db) => db.close()));
    open = [];
  });

  test('an event published on one instance reaches subscribers on every instance', async () => {
    const [a, b] = [await instance(), await instance()];
    const onA = inbox();
    const onB = inbox();
    await a.events.subscribe('staff-reply', onA.handler);
    await b.events.subscribe('staff-reply', onB.handler);
    const reply = { conversationId: 'c-1', text: 'Chào bạn, Công an xã đã nhận được câu hỏi.', at: 1_700_000_000_000 };
    await b.events.publish('staff-reply', reply);
    expect(await onA.next(1)).toEqual([reply]);
    expect(await onB.next(1)).toEqual([reply]);
  });

  test('subscribers get only their channel, in publishing order, and nothing after unsubscribing', async () => {
    const [a, b] = [await instance(), await instance()];
    const tickets = inbox<number>();
    const queue = inbox<number>();
    const stopTickets = await a.events.subscribe<number>('tickets', tickets.handler);
    await a.events.subscribe<number>('queue', queue.handler);
    for (const n of [1, 2, 3]) await b.events.publish('tickets', n);
    await b.events.publish('queue', 10);
    expect(await tickets.next(3)).toEqual([1, 2, 3]);
    stopTickets();
    await b.events.publish('tickets', 4);
    await b.events.publish('queue', 11);
    // Events arrive in order, so once 11 is here, 4 would have been delivered before it.
    expect(await queue.next(2)).toEqual([10, 11]);
    expect(tickets.received).toEqual([1, 2, 3]);
  });

  test('events published at the same moment all arrive, in publishing order, identical ones included', async () => {
    const [a, b] = [await instance(), await instance()];
    const got = inbox<{ seq: number }>();
    await a.events.subscribe<{ seq: number }>('directline:c-1', got.handler);
    const events = [{ seq: 1 }, { seq: 2 }, { seq: 2 }, { seq: 3 }, { seq: 1 }];
    await Promise.all(events.map((e) => b.events.publish('directline:c-1', e)));
    expect(await got.next(events.length)).toEqual(events);
  });

  test('a failing handler is reported and does not stop the other handlers', async () => {
    const reported: unknown[] = [];
    const a = await instance({ onError: (err: unknown) => reported.push(err) });
    const b = await instance(quiet);
    const good = inbox();
    await a.events.subscribe('new-ticket', () => {
      throw new Error('console offline');
    });
    await a.events.subscribe('new-ticket', good.handler);
    await b.events.publish('new-ticket', { code: 'TH-0001' });
    expect(await good.next(1)).toEqual([{ code: 'TH-0001' }]);
    // The report is made on the failing handler's own promise chain: one event-loop turn lets it finish.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported.map((e) => (e as Error).message)).toEqual(['console offline']);
  });

  test('the largest event allowed is delivered intact; one byte more is refused with an explanation', async () => {
    const [a, b] = [await instance(), await instance()];
    const got = inbox<string>();
    await a.events.subscribe<string>('big', got.handler);
    const envelopeBytes = JSON.stringify({ c: 'big', p: '' }).length;
    const largest = 'x'.repeat(MAX_EVENT_BYTES - envelopeBytes);
    await b.events.publish('big', largest);
    expect(await got.next(1)).toEqual([largest]);
    await expect(b.events.publish('big', `${largest}x`)).rejects.toThrow(/vượt giới hạn/);
  });

  if (backend.name === 'postgres') {
    test('after the listening connection is killed, the bus reconnects, says so, and delivers again', async () => {
      const a = await instance(quiet);
      const b = await instance();
      const onA = inbox();
      await a.events.subscribe('live-queue', onA.handler);
      const reconnected = new Promise<void>((resolve) => a.events.onReconnect(resolve));

      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      try {
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [`donghanh-events:${backend.options.schema}`],
        );
        expect(killed.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }

      await reconnected;
      await b.events.publish('live-queue', { waiting: 3 });
      expect(await onA.next(1)).toEqual([{ waiting: 3 }]);
    });
  }
});
