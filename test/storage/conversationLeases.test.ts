/** Conversation leases (one turn at a time per conversation across instances), on both backends. */
import { ConversationLeases } from '../../src/storage/conversationLeases';
import { backends } from './backends';

describe.each(backends())('$name', (backend) => {
  let clock = 1_000_000;
  const now = (): number => clock;

  test('one holder at a time; the holder releases; an expired lease can be taken over', async () => {
    const db = await backend.open();
    const instanceA = new ConversationLeases(db, { ttlMs: 30_000, now });
    const instanceB = new ConversationLeases(db, { ttlMs: 30_000, now });
    const key = `directline:conv-${backend.name}-${Math.random()}`;

    expect(await instanceA.tryAcquire(key, 'turn-a')).toBe(true);
    expect(await instanceB.tryAcquire(key, 'turn-b')).toBe(false);
    // Someone else's release does nothing.
    await instanceB.release(key, 'turn-b');
    expect(await instanceB.tryAcquire(key, 'turn-b')).toBe(false);
    await instanceA.release(key, 'turn-a');
    expect(await instanceB.tryAcquire(key, 'turn-b')).toBe(true);

    // turn-b's instance crashed without releasing: after the time-to-live the conversation is free again.
    clock += 29_000;
    expect(await instanceA.tryAcquire(key, 'turn-c')).toBe(false);
    clock += 2_000;
    expect(await instanceA.tryAcquire(key, 'turn-c')).toBe(true);
  });

  test('two instances racing for a free conversation: exactly one wins', async () => {
    const db = await backend.open();
    const key = `directline:race-${backend.name}-${Math.random()}`;
    const owners = Array.from({ length: 8 }, (_, i) => `turn-${i}`);
    const won = await Promise.all(owners.map((o) => new ConversationLeases(db, { now }).tryAcquire(key, o)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});
