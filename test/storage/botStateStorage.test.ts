import { ConversationState, MemoryStorage, type Storage, TestAdapter } from 'botbuilder';
import { BotStateStorage } from '../../src/storage/botStateStorage';
import { backends } from './backends';

/** One step of a scenario. `eTag` says which eTag the write carries. */
type Step =
  | { op: 'write'; key: string; value: Record<string, unknown>; eTag: 'none' | '*' | 'last-read' | 'made-up' }
  | { op: 'read'; key: string }
  | { op: 'delete'; key: string };

/** What a caller can observe; eTag values themselves differ by design (counter vs random), so only presence counts. */
type Observation = string | Record<string, unknown>;

async function play(storage: Storage, steps: Step[], prefix: string): Promise<Observation[]> {
  const lastRead = new Map<string, string>();
  const seen: Observation[] = [];
  for (const step of steps) {
    const key = `${prefix}/${step.key}`;
    if (step.op === 'read') {
      const items = await storage.read([key]);
      const item = items[key] as Record<string, unknown> | undefined;
      if (!item) {
        seen.push('missing');
        continue;
      }
      const { eTag, ...value } = item;
      if (typeof eTag !== 'string' || eTag === '') throw new Error('read returned no eTag');
      lastRead.set(step.key, eTag);
      seen.push(value);
    } else if (step.op === 'delete') {
      await storage.delete([key]);
      seen.push('deleted');
    } else {
      const eTag = { none: undefined, '*': '*', 'last-read': lastRead.get(step.key), 'made-up': 'made-up-etag' }[
        step.eTag
      ];
      const item = eTag === undefined ? { ...step.value } : { ...step.value, eTag };
      seen.push(
        await storage.write({ [key]: item }).then(
          () => 'written',
          (err: Error) => (/eTag conflict/.test(err.message) ? 'conflict' : `error: ${err.message}`),
        ),
      );
    }
  }
  return seen;
}

const v = (n: number): Record<string, unknown> => ({ step: n, text: 'Tôi muốn làm căn cước', nested: { ok: true } });

// Each scenario is played against botbuilder's own MemoryStorage and against ours; the outcomes must be the same.
const scenarios: Array<[string, Step[], Observation[]]> = [
  ['reading a key never written', [{ op: 'read', key: 'a' }], ['missing']],
  [
    'write then read returns the value with an eTag',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'read', key: 'a' },
    ],
    ['written', v(1)],
  ],
  [
    'writing with the eTag just read succeeds',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'read', key: 'a' },
      { op: 'write', key: 'a', value: v(2), eTag: 'last-read' },
      { op: 'read', key: 'a' },
    ],
    ['written', v(1), 'written', v(2)],
  ],
  [
    'writing with an eTag that is no longer current conflicts and keeps the stored value',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'read', key: 'a' },
      { op: 'write', key: 'a', value: v(2), eTag: 'last-read' },
      { op: 'write', key: 'a', value: v(3), eTag: 'last-read' },
      { op: 'read', key: 'a' },
    ],
    ['written', v(1), 'written', 'conflict', v(2)],
  ],
  [
    'a made-up eTag on a stored key conflicts',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'write', key: 'a', value: v(2), eTag: 'made-up' },
      { op: 'read', key: 'a' },
    ],
    ['written', 'conflict', v(1)],
  ],
  [
    "eTag '*' and a missing eTag both overwrite whatever is stored",
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'write', key: 'a', value: v(2), eTag: '*' },
      { op: 'read', key: 'a' },
      { op: 'write', key: 'a', value: v(3), eTag: 'none' },
      { op: 'read', key: 'a' },
    ],
    ['written', 'written', v(2), 'written', v(3)],
  ],
  [
    'any eTag may create a key that is not stored',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'made-up' },
      { op: 'read', key: 'a' },
    ],
    ['written', v(1)],
  ],
  [
    'delete removes the key; deleting a missing key is fine; the key can be written again',
    [
      { op: 'write', key: 'a', value: v(1), eTag: 'none' },
      { op: 'read', key: 'a' },
      { op: 'delete', key: 'a' },
      { op: 'read', key: 'a' },
      { op: 'delete', key: 'a' },
      { op: 'write', key: 'a', value: v(2), eTag: 'last-read' },
      { op: 'read', key: 'a' },
    ],
    ['written', v(1), 'deleted', 'missing', 'deleted', 'written', v(2)],
  ],
];

describe.each(backends())('$name', (backend) => {
  describe('behaves like botbuilder MemoryStorage', () => {
    test.each(scenarios)('%s', async (name, steps, expected) => {
      const db = await backend.open();
      const prefix = `scenario-${scenarios.findIndex(([n]) => n === name)}`;
      const ours = await play(new BotStateStorage(db), steps, prefix);
      const reference = await play(new MemoryStorage(), steps, prefix);
      expect(reference).toEqual(expected);
      expect(ours).toEqual(expected);
    });
  });

  test('every write gives a new eTag', async () => {
    const storage = new BotStateStorage(await backend.open());
    await storage.write({ 'etag/a': { n: 1 } });
    const first = (await storage.read(['etag/a']))['etag/a'].eTag as string;
    await storage.write({ 'etag/a': { n: 2, eTag: first } });
    const second = (await storage.read(['etag/a']))['etag/a'].eTag as string;
    expect(second).not.toBe(first);
  });

  test('reads several keys at once, leaving out the missing ones', async () => {
    const storage = new BotStateStorage(await backend.open());
    await storage.write({ 'many/a': { n: 1 }, 'many/b': { n: 2 } });
    const items = await storage.read(['many/a', 'many/missing', 'many/b']);
    expect(Object.keys(items).sort()).toEqual(['many/a', 'many/b']);
    expect(items['many/b']).toMatchObject({ n: 2 });
  });

  test('a write of several keys with one conflict stores none of them', async () => {
    const storage = new BotStateStorage(await backend.open());
    await storage.write({ 'atomic/a': { n: 1 }, 'atomic/b': { n: 1 } });
    await expect(storage.write({ 'atomic/a': { n: 2 }, 'atomic/b': { n: 2, eTag: 'made-up' } })).rejects.toThrow(
      'Storage: error writing "atomic/b" due to eTag conflict.',
    );
    const items = await storage.read(['atomic/a', 'atomic/b']);
    expect([items['atomic/a'].n, items['atomic/b'].n]).toEqual([1, 1]);
  });

  test('two instances writing with the same eTag at once: exactly one wins', async () => {
    const [one, two] = [new BotStateStorage(await backend.open()), new BotStateStorage(await backend.open())];
    await one.write({ 'race/a': { by: 'nobody' } });
    const { eTag } = (await one.read(['race/a']))['race/a'];
    const outcomes = await Promise.allSettled([
      one.write({ 'race/a': { by: 'one', eTag } }),
      two.write({ 'race/a': { by: 'two', eTag } }),
    ]);
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i === 0 ? 'one' : 'two'] : []));
    expect(winners).toHaveLength(1);
    expect((await two.read(['race/a']))['race/a'].by).toBe(winners[0]);
  });

  test('reads asked for at the same moment each get their own copy of the state', async () => {
    const storage = new BotStateStorage(await backend.open());
    await storage.write({ 'together/a': { list: [1] }, 'together/b': { n: 2 } });
    const [first, second, third] = await Promise.all([
      storage.read(['together/a']),
      storage.read(['together/a', 'together/b', 'together/missing']),
      storage.read([]),
    ]);
    (first['together/a'].list as number[]).push(99);
    expect(second['together/a'].list).toEqual([1]);
    expect(Object.keys(second).sort()).toEqual(['together/a', 'together/b']);
    expect(third).toEqual({});
  });

  test('writes made at the same moment behave as if made one after another', async () => {
    const ours = new BotStateStorage(await backend.open());
    const reference = new MemoryStorage();
    const outcomes = await Promise.all(
      [ours, reference].map(async (storage) => {
        await storage.write({ 'tick/a': { n: 0 } });
        const { eTag } = (await storage.read(['tick/a']))['tick/a'];
        const settled = await Promise.allSettled([
          storage.write({ 'tick/a': { n: 1, eTag } }),
          storage.write({ 'tick/b': { n: 1 } }),
          // Same eTag as the first: by the time it is judged, the first has changed it.
          storage.write({ 'tick/a': { n: 2, eTag } }),
          storage.write({ 'tick/a': { n: 3, eTag: '*' } }),
        ]);
        const items = await storage.read(['tick/a', 'tick/b']);
        return { settled: settled.map((o) => o.status), a: items['tick/a'].n, b: items['tick/b'].n };
      }),
    );
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toEqual({ settled: ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'], a: 3, b: 1 });
  });

  test('reading without keys is refused like MemoryStorage does', async () => {
    const storage = new BotStateStorage(await backend.open());
    await expect(storage.read(undefined as unknown as string[])).rejects.toThrow(ReferenceError);
  });

  test('state survives closing and reopening the database', async () => {
    const before = await backend.open();
    await new BotStateStorage(before).write({ 'restart/a': { answer: 'Căn cước gắn chip' } });
    await before.close();
    const after = await backend.open();
    expect((await new BotStateStorage(after).read(['restart/a']))['restart/a']).toMatchObject({
      answer: 'Căn cước gắn chip',
    });
  });

  test('a conversation continues where it was after the bot restarts', async () => {
    const runBot = async (): Promise<TestAdapter> => {
      const db = await backend.open();
      const state = new ConversationState(new BotStateStorage(db));
      const turns = state.createProperty<number>('turns');
      return new TestAdapter(async (context) => {
        const n = (await turns.get(context, 0)) + 1;
        await turns.set(context, n);
        await context.sendActivity(`Lượt ${n}`);
        await state.saveChanges(context);
      });
    };
    await (await runBot()).send('xin chào').assertReply('Lượt 1').send('cho hỏi').assertReply('Lượt 2');
    // A new adapter and state over a new connection: only the database remembers.
    await (await runBot()).send('tôi quay lại').assertReply('Lượt 3');
  });
});
