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

  test('many turns on one instance at the same moment: one holder per conversation, and each gives back only its own', async () => {
    const leases = new ConversationLeases(await backend.open(), { now });
    const keys = Array.from({ length: 5 }, (_, i) => `directline:busy-${backend.name}-${i}-${Math.random()}`);
    // Two turns per conversation claim it at once (as two instances' turns could): one of each pair wins.
    const claims = keys.flatMap((key) => [`${key}#1`, `${key}#2`].map((owner) => ({ key, owner })));
    const won = await Promise.all(claims.map((c) => leases.tryAcquire(c.key, c.owner)));
    for (const [i] of keys.entries()) expect([won[2 * i], won[2 * i + 1]].filter(Boolean)).toHaveLength(1);
    // Everyone gives back at once; the losers' releases must not free a lease they never held.
    const winners = claims.filter((_, i) => won[i]);
    const losers = claims.filter((_, i) => !won[i]);
    await Promise.all(losers.map((c) => leases.release(c.key, c.owner)));
    await expect(Promise.all(losers.map((c) => leases.tryAcquire(c.key, c.owner)))).resolves.toEqual(losers.map(() => false));
    await Promise.all(winners.map((c) => leases.release(c.key, c.owner)));
    await expect(Promise.all(losers.map((c) => leases.tryAcquire(c.key, c.owner)))).resolves.toEqual(losers.map(() => true));
  });
});
