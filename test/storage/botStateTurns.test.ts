/**
 * BotStateStorage.runTurn: a turn's state is stored at its end, in the statement that gives its conversation lease
 * back (several instances on PostgreSQL), on both backends.
 */
import { ConversationState, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { storageKeysOf } from '../../src/bot/crossInstanceTurns';
import { BotStateStorage } from '../../src/storage/botStateStorage';
import { ConversationLeases } from '../../src/storage/conversationLeases';
import type { Database } from '../../src/storage/database';
import { backends } from './backends';

/** Counts the statements sent to `db` (every query and execute, transactions included as one). */
function countStatements(db: Database): { count: () => number } {
  const texts: string[] = [];
  for (const method of ['query', 'queryOne', 'execute', 'transaction'] as const) {
    const original = (db[method] as (...args: unknown[]) => Promise<unknown>).bind(db);
    jest.spyOn(db, method).mockImplementation(((...args: unknown[]) => {
      texts.push(typeof args[0] === 'string' ? args[0] : method);
      return original(...args);
    }) as never);
  }
  return { count: () => texts.length };
}

describe.each(backends())('$name', (backend) => {
  afterEach(() => jest.restoreAllMocks());

  const unique = (name: string): string => `${name}-${backend.name}-${Math.random().toString(36).slice(2)}`;

  test('what a turn writes is stored when it ends, and the turn reads back its own writes meanwhile', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const other = new BotStateStorage(db); // another instance
    const key = unique('directline/conversations/a');

    const during = await storage.runTurn(async () => {
      await storage.write({ [key]: { step: 1, eTag: '*' } });
      await storage.write({ [key]: { step: 2, eTag: '*' } });
      const own = await storage.read([key]);
      const elsewhere = await other.read([key]);
      return { own: own[key], elsewhere: elsewhere[key] };
    });

    expect(during.own).toMatchObject({ step: 2 });
    // Nothing reached the database before the turn ended.
    expect(during.elsewhere).toBeUndefined();
    const after = await other.read([key]);
    expect(after[key]).toMatchObject({ step: 2 });
    expect(after[key]!.eTag).toEqual(expect.any(String));
    expect(after[key]!.eTag).not.toBe('*');
  });

  test('the lease is given back with the state, so the next holder finds that state stored', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const leases = new ConversationLeases(db);
    const lease = { key: unique('directline:conv'), owner: 'turn-1' };
    const key = unique('directline/conversations/b');

    expect(await leases.tryAcquire(lease.key, lease.owner)).toBe(true);
    await storage.runTurn(async () => {
      await storage.write({ [key]: { answered: 'can-cuoc.cap-lan-dau', eTag: '*' } });
      // Held for the whole turn: another instance's turn of this conversation must wait.
      expect(await leases.tryAcquire(lease.key, 'turn-2')).toBe(false);
    }, lease);

    expect(await leases.tryAcquire(lease.key, 'turn-2')).toBe(true);
    expect((await new BotStateStorage(db).read([key]))[key]).toMatchObject({ answered: 'can-cuoc.cap-lan-dau' });
  });

  test('a turn that fails still stores what it wrote and gives its lease back; its error is the caller’s', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const leases = new ConversationLeases(db);
    const lease = { key: unique('directline:conv'), owner: 'turn-1' };
    const key = unique('directline/users/u');
    expect(await leases.tryAcquire(lease.key, lease.owner)).toBe(true);

    await expect(
      storage.runTurn(async () => {
        await storage.write({ [key]: { name: 'Lan', eTag: '*' } });
        throw new Error('dialog failed');
      }, lease),
    ).rejects.toThrow('dialog failed');

    expect((await storage.read([key]))[key]).toMatchObject({ name: 'Lan' });
    expect(await leases.tryAcquire(lease.key, 'turn-2')).toBe(true);
  });

  test('a write with a real eTag inside a turn is checked at once: a stale one is a conflict there', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const key = unique('custom');
    await storage.write({ [key]: { n: 1 } });
    const { eTag } = (await storage.read([key]))[key] as { eTag: string };
    await storage.write({ [key]: { n: 2 } });

    await expect(storage.runTurn(() => storage.write({ [key]: { n: 3, eTag } }))).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([key]))[key]).toMatchObject({ n: 2 });
  });

  test('a write from a turn that already ended goes straight to the database instead of being lost', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const key = unique('late');
    let late: () => Promise<void> = async () => undefined;
    await storage.runTurn(async () => {
      // Captured inside the turn, run after it: still in the turn's async context.
      late = () => storage.write({ [key]: { late: true, eTag: '*' } });
    });
    await late();
    expect((await new BotStateStorage(db).read([key]))[key]).toMatchObject({ late: true });
  });

  test('concurrent turns on one instance share the end statement, and each keeps its own state', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const leases = new ConversationLeases(db);
    const turns = Array.from({ length: 6 }, (_, i) => ({ key: unique(`conv-${i}`), lease: { key: unique(`lease-${i}`), owner: `t${i}` } }));
    for (const t of turns) expect(await leases.tryAcquire(t.lease.key, t.lease.owner)).toBe(true);
    const statements = countStatements(db);

    await Promise.all(turns.map((t, i) => storage.runTurn(() => storage.write({ [t.key]: { i, eTag: '*' } }), t.lease)));

    // All six turns ended in the same tick: one statement stored every state and released every lease.
    expect(statements.count()).toBe(1);
    jest.restoreAllMocks();
    const stored = await storage.read(turns.map((t) => t.key));
    turns.forEach((t, i) => expect(stored[t.key]).toMatchObject({ i }));
    for (const t of turns) expect(await leases.tryAcquire(t.lease.key, 'next')).toBe(true);
  });

  test('a claim reads the state its turn needs with the lease; a claim that loses reads nothing', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const leases = new ConversationLeases(db);
    const stored = unique('directline/conversations/c');
    const missing = unique('directline/users/nobody');
    await storage.write({ [stored]: { lastEntryId: 'vneid.dang-ky-muc-2' } });
    const lease = unique('directline:conv');

    const won = await leases.tryAcquireWithState(lease, 'turn-1', [stored, missing]);
    expect(won.held).toBe(true);
    expect([...won.state.keys()].sort()).toEqual([stored, missing].sort());
    expect(JSON.parse(won.state.get(stored)!.value)).toEqual({ lastEntryId: 'vneid.dang-ky-muc-2' });
    expect(won.state.get(missing)).toBeUndefined();

    const lost = await leases.tryAcquireWithState(lease, 'turn-2', [stored]);
    expect(lost).toEqual({ held: false, state: new Map() });
  });

  test('the next holder of a conversation reads what the previous turn stored when it gave the lease back', async () => {
    const db = await backend.open();
    const instanceA = { storage: new BotStateStorage(db), leases: new ConversationLeases(db) };
    const instanceB = { storage: new BotStateStorage(db), leases: new ConversationLeases(db) };
    const lease = unique('directline:conv');
    const key = unique('directline/conversations/d');

    const first = await instanceA.leases.tryAcquireWithState(lease, 'turn-a', [key]);
    expect(first.held).toBe(true);
    // B's message arrives while A is answering: B waits (keeps claiming) until A's turn has ended.
    const waiting = (async () => {
      for (;;) {
        const claim = await instanceB.leases.tryAcquireWithState(lease, 'turn-b', [key]);
        if (claim.held) return claim;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await instanceA.storage.runTurn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await instanceA.storage.write({ [key]: { step: 'chọn xã', eTag: '*' } });
    }, { key: lease, owner: 'turn-a' }, first.state);

    const second = await waiting;
    expect(JSON.parse(second.state.get(key)!.value)).toEqual({ step: 'chọn xã' });
  });

  test('with botbuilder: a whole turn is two statements, the claim (lease and state) and the end (state and lease)', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const lastQuestion = conversationState.createProperty<string>('lastQuestion');
    const questions = userState.createProperty<number>('questions');
    const leases = new ConversationLeases(db);
    const conversationId = unique('conv');
    const context = new TurnContext(new TestAdapter(), {
      type: 'message',
      channelId: 'test',
      conversation: { id: conversationId, isGroup: false, name: '', conversationType: '' },
      from: { id: unique('citizen'), name: '' },
      recipient: { id: 'bot', name: '' },
      text: 'làm căn cước',
    });
    const key = `test:${conversationId}`;
    const statements = countStatements(db);

    const claim = await leases.tryAcquireWithState(key, 'turn-1', storageKeysOf([conversationState, userState])(context));
    expect(claim.held).toBe(true);
    await storage.runTurn(
      async () => {
        await Promise.all([conversationState.load(context), userState.load(context)]);
        await lastQuestion.set(context, 'làm căn cước');
        await questions.set(context, ((await questions.get(context)) ?? 0) + 1);
        await Promise.all([conversationState.saveChanges(context), userState.saveChanges(context)]);
      },
      { key, owner: 'turn-1' },
      claim.state,
    );

    // SQLite reads the state with a second statement; PostgreSQL has nothing to wait for between them.
    expect(statements.count()).toBe(backend.name === 'postgres' ? 2 : 3);
    jest.restoreAllMocks();
    const conversationKey = conversationState.getStorageKey(context)!;
    const userKey = userState.getStorageKey(context)!;
    const saved = await storage.read([conversationKey, userKey]);
    expect(saved[conversationKey]).toMatchObject({ lastQuestion: 'làm căn cước' });
    expect(saved[userKey]).toMatchObject({ questions: 1 });
    expect(await leases.tryAcquire(key, 'turn-2')).toBe(true);
  });

  test('state read ahead is served once: a forced reload reads the database again', async () => {
    const db = await backend.open();
    const storage = new BotStateStorage(db);
    const key = unique('ahead');
    await storage.write({ [key]: { n: 1 } });
    const { etag } = (await db.queryOne<{ etag: string }>(`SELECT etag FROM bot_state WHERE key = $1`, [key]))!;
    const readAhead = new Map([[key, { value: JSON.stringify({ n: 'read ahead' }), etag }]]);

    const seen = await storage.runTurn(async () => [(await storage.read([key]))[key], (await storage.read([key]))[key]], undefined, readAhead);
    expect(seen[0]).toMatchObject({ n: 'read ahead', eTag: etag });
    expect(seen[1]).toMatchObject({ n: 1, eTag: etag });
  });
});
