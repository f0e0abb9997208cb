/** The Direct Line history and the feedback table on both backends (SQLite, and PostgreSQL when reachable). */
import { randomUUID } from 'node:crypto';
import { FeedbackRepository } from '../../../src/bot/feedbackRepository';
import { ConversationStore } from '../../../src/channels/directline/conversationStore';
import { backends } from '../../storage/backends';

describe.each(backends())('$name', (backend) => {
  it('creates a conversation once and reads it back', async () => {
    const store = new ConversationStore(await backend.open());
    const id = randomUUID();
    await expect(store.create({ id, userId: 'dl_u', createdAt: 1000 })).resolves.toBe(true);
    await expect(store.create({ id, userId: 'someone-else', createdAt: 2000 })).resolves.toBe(false);
    await expect(store.get(id)).resolves.toEqual({ id, userId: 'dl_u', createdAt: 1000 });
    await expect(store.get(randomUUID())).resolves.toBeUndefined();
  });

  it('numbers activities 1, 2, 3… per conversation, without gaps, even when written at once', async () => {
    const store = new ConversationStore(await backend.open());
    const [a, b] = [randomUUID(), randomUUID()];
    await store.create({ id: a, userId: 'u', createdAt: 0 });
    await store.create({ id: b, userId: 'u', createdAt: 0 });
    const seqs = await Promise.all(Array.from({ length: 12 }, (_, i) => store.append(a, { type: 'message', id: `a${i}`, text: `tin ${i}` }, i)));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await expect(store.append(b, { type: 'message', id: 'b0' }, 0)).resolves.toBe(1);
  });

  it('stores a bot answer of several messages together, numbered in order, even while others write to the conversation', async () => {
    const store = new ConversationStore(await backend.open());
    const id = randomUUID();
    await store.create({ id, userId: 'u', createdAt: 0 });
    const answer = (n: number) => [1, 2, 3].map((part) => ({ type: 'message', id: `tra-loi-${n}-${part}`, text: `câu trả lời ${n}, phần ${part}` }));
    const lasts = await Promise.all([
      ...Array.from({ length: 4 }, (_, n) => store.appendAll(id, answer(n), n)),
      ...Array.from({ length: 4 }, (_, n) => store.append(id, { type: 'message', id: `hoi-${n}`, text: `câu hỏi ${n}` }, n)),
    ]);
    const stored = await store.after(id, 0);
    expect(stored.map((s) => s.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (let n = 0; n < 4; n++) {
      // The three parts of one answer sit next to each other, in order, ending at the number appendAll answered.
      const at = stored.findIndex((s) => s.activity.id === `tra-loi-${n}-1`);
      expect(stored.slice(at, at + 3).map((s) => s.activity.id)).toEqual([1, 2, 3].map((part) => `tra-loi-${n}-${part}`));
      expect(lasts[n]).toBe(stored[at + 2]!.seq);
    }
  });

  it('refuses history for a conversation that does not exist, without losing what others stored at the same moment', async () => {
    const store = new ConversationStore(await backend.open());
    const [a, b] = [randomUUID(), randomUUID()];
    await store.create({ id: a, userId: 'u', createdAt: 0 });
    await store.create({ id: b, userId: 'u', createdAt: 0 });
    const outcomes = await Promise.allSettled([
      store.append(a, { type: 'message', id: 'a1' }, 0),
      store.appendAll(randomUUID(), [{ type: 'message', id: 'x' }, { type: 'message', id: 'y' }], 0),
      store.appendAll(b, [{ type: 'message', id: 'b1' }, { type: 'message', id: 'b2' }], 0),
      store.append(randomUUID(), { type: 'message', id: 'z' }, 0),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((await store.after(a, 0)).map((s) => [s.seq, s.activity.id])).toEqual([[1, 'a1']]);
    expect((await store.after(b, 0)).map((s) => [s.seq, s.activity.id])).toEqual([
      [1, 'b1'],
      [2, 'b2'],
    ]);
  });

  it('reads what came after a watermark, oldest first, with the activity as stored', async () => {
    const store = new ConversationStore(await backend.open());
    const id = randomUUID();
    await store.create({ id, userId: 'u', createdAt: 0 });
    for (const text of ['một', 'hai', 'ba']) await store.append(id, { type: 'message', id: text, text, channelData: { clientActivityID: text } }, 0);
    const after1 = await store.after(id, 1);
    expect(after1.map((s) => [s.seq, s.activity.text])).toEqual([
      [2, 'hai'],
      [3, 'ba'],
    ]);
    expect(after1[0]!.activity.channelData).toEqual({ clientActivityID: 'hai' });
    await expect(store.after(id, 3)).resolves.toEqual([]);
  });

  it('purges conversations idle since the cutoff, with their history, and keeps active ones', async () => {
    const db = await backend.open();
    const store = new ConversationStore(db);
    const [old, active, fresh] = [randomUUID(), randomUUID(), randomUUID()];
    await store.create({ id: old, userId: 'u', createdAt: 100 });
    await store.append(old, { type: 'message', id: 'o1' }, 150);
    await store.create({ id: active, userId: 'u', createdAt: 100 });
    await store.append(active, { type: 'message', id: 'a1' }, 5000);
    await store.create({ id: fresh, userId: 'u', createdAt: 6000 });
    await expect(store.purgeIdleSince(1000)).resolves.toBeGreaterThanOrEqual(1);
    await expect(store.get(old)).resolves.toBeUndefined();
    await expect(store.after(old, 0)).resolves.toEqual([]);
    await expect(store.get(active)).resolves.toBeDefined();
    await expect(store.after(active, 0)).resolves.toHaveLength(1);
    await expect(store.get(fresh)).resolves.toBeDefined();
  });

  it('keeps one token signing key per database, whoever asks first', async () => {
    const store = new ConversationStore(await backend.open());
    const first = await store.signingKey(() => `khoa-${randomUUID()}`);
    const second = await new ConversationStore(await backend.open()).signingKey(() => `khoa-${randomUUID()}`);
    expect(second).toBe(first);
  });

  it('records 👍/👎 per entry and sums them, most 👎 first', async () => {
    const db = await backend.open();
    const feedback = new FeedbackRepository(db);
    const entry = `vneid.thu-${randomUUID().slice(0, 8)}`;
    const other = `${entry}-khac`;
    const vote = (entryId: string, helpful: boolean) => feedback.record({ entryId, helpful, channelId: 'directline', conversationId: 'c' });
    await vote(entry, true);
    await vote(entry, false);
    await vote(entry, false);
    await vote(other, true);
    const summary = (await feedback.summary()).filter((s) => s.entryId.startsWith(entry));
    expect(summary).toEqual([
      { entryId: entry, helpful: 1, notHelpful: 2 },
      { entryId: other, helpful: 1, notHelpful: 0 },
    ]);
  });
});
