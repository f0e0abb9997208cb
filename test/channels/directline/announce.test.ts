/**
 * Storing Direct Line history announces it, on both backends, so streams open on any instance push it: on SQLite the
 * store publishes on the in-process bus; on PostgreSQL a trigger notifies inside the INSERT's own transaction and the
 * application sends no NOTIFY of its own (one round trip per append instead of two).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ConversationStore, eventChannel } from '../../../src/channels/directline/conversationStore';
import { encodeEvent } from '../../../src/storage/eventBus';
import type { AppDatabase } from '../../../src/storage/openDatabase';
import { backends, POSTGRES_URL } from '../../storage/backends';

/** What a subscriber got so far; `next(n)` resolves once n events have arrived (jest's timeout bounds it). */
function inbox(): { handler: (p: unknown) => void; next: (n: number) => Promise<unknown[]> } {
  const received: unknown[] = [];
  const waiters: Array<{ n: number; resolve: (v: unknown[]) => void }> = [];
  return {
    handler: (payload) => {
      received.push(payload);
      for (const w of waiters.filter((w) => received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...received]);
      }
    },
    next: (n) =>
      received.length >= n ? Promise.resolve([...received]) : new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

describe.each(backends())('$name', (backend) => {
  /** A writing instance and a reading one on the same database, as two servers behind a load balancer. */
  async function instances(): Promise<{ reader: AppDatabase; store: ConversationStore; published: jest.SpyInstance }> {
    const [writer, reader] = [await backend.open(), await backend.open()];
    const published = jest.spyOn(writer.events, 'publish');
    return { reader, store: new ConversationStore(writer, { events: writer.events }), published };
  }

  async function conversation(store: ConversationStore, id = randomUUID()): Promise<string> {
    await store.create({ id, userId: 'u', createdAt: 0 });
    return id;
  }

  it('announces an append on every instance with its last number, once', async () => {
    const { reader, store, published } = await instances();
    const id = await conversation(store);
    const got = inbox();
    await reader.events.subscribe(eventChannel(id), got.handler);

    await expect(store.append(id, { type: 'message', id: 'q1', text: 'câu hỏi' }, 0)).resolves.toBe(1);
    expect(await got.next(1)).toEqual([{ seq: 1 }]);
    await expect(store.appendAll(id, [{ type: 'message', id: 'a1' }, { type: 'message', id: 'a2' }], 0)).resolves.toBe(3);
    // Events arrive in order, so a duplicate of the first would have come before this one.
    expect(await got.next(2)).toEqual([{ seq: 1 }, { seq: 3 }]);
    expect(published).toHaveBeenCalledTimes(backend.name === 'postgres' ? 0 : 2);
  });

  it('announces each conversation of a batch stored in one statement with its own last number', async () => {
    const { reader, store, published } = await instances();
    const [a, b] = [await conversation(store), await conversation(store)];
    const [onA, onB] = [inbox(), inbox()];
    await reader.events.subscribe(eventChannel(a), onA.handler);
    await reader.events.subscribe(eventChannel(b), onB.handler);

    // Same turn of the event loop: one INSERT for both conversations.
    const lasts = await Promise.all([
      store.appendAll(a, [{ type: 'message', id: 'a1' }, { type: 'message', id: 'a2' }], 0),
      store.append(b, { type: 'message', id: 'b1' }, 0),
    ]);
    expect(lasts).toEqual([2, 1]);
    expect(await onA.next(1)).toEqual([{ seq: 2 }]);
    expect(await onB.next(1)).toEqual([{ seq: 1 }]);

    // One more for each: nothing else was announced in between.
    await Promise.all([
      store.append(a, { type: 'message', id: 'a3' }, 0),
      store.append(b, { type: 'message', id: 'b2' }, 0),
    ]);
    expect(await onA.next(2)).toEqual([{ seq: 2 }, { seq: 3 }]);
    expect(await onB.next(2)).toEqual([{ seq: 1 }, { seq: 2 }]);
    expect(published).toHaveBeenCalledTimes(backend.name === 'postgres' ? 0 : 4);
  });

  it('announces nothing when the append fails', async () => {
    const { reader, store, published } = await instances();
    const missing = randomUUID();
    const got = inbox();
    await reader.events.subscribe(eventChannel(missing), got.handler);
    await expect(store.append(missing, { type: 'message', id: 'x' }, 0)).rejects.toThrow();
    expect(published).not.toHaveBeenCalled();
    // Then the conversation exists and its first append is the first event.
    await conversation(store, missing);
    await store.append(missing, { type: 'message', id: 'y' }, 0);
    expect(await got.next(1)).toEqual([{ seq: 1 }]);
  });

  if (backend.name === 'postgres') {
    let listener: pg.Client | undefined;
    // Here rather than in a `finally`: a test that timed out waiting would otherwise keep the connection, and jest.
    afterEach(async () => {
      await listener?.end();
      listener = undefined;
    });

    it('notifies exactly the text encodeEvent makes, on the channel of the schema, whatever the id holds', async () => {
      const { store } = await instances();
      const id = await conversation(store, `"lạ"\\${randomUUID()}\n/`);
      const client = (listener = new pg.Client({ connectionString: POSTGRES_URL }));
      await client.connect();
      const payload = new Promise<string | undefined>((resolve) => {
        client.once('notification', (msg) => resolve(msg.payload));
      });
      await client.query(`LISTEN "donghanh_events_${backend.options.schema!}"`);
      await store.append(id, { type: 'message', id: 'q' }, 0);
      expect(await payload).toBe(encodeEvent(eventChannel(id), { seq: 1 }));
    });
  }
});
