/**
 * The durable send queue on both storage backends: order per conversation, one sender, retries with back-off,
 * nothing lost across a crash, nothing sent twice.
 */
import { OutboundQueue, type QueuedMessage, type SendOutcome, type Transport } from '../../../src/channels/zalo-oa/outboundQueue';
import { silentLogger } from '../../../src/logging';
import type { Database } from '../../../src/storage/database';
import { backends } from '../../storage/backends';

/** A platform that records what it was given and answers from a script (default: accepted). */
class ScriptedTransport implements Transport<{ text: string }> {
  readonly channel = 'test-channel';
  readonly sent: Array<{ recipient: string; text: string }> = [];
  readonly attempts: string[] = [];
  answers: SendOutcome[] = [];
  gate: Promise<void> = Promise.resolve();

  async send(message: QueuedMessage<{ text: string }>): Promise<SendOutcome> {
    this.attempts.push(message.payload.text);
    await this.gate;
    const answer = this.answers.shift() ?? { kind: 'sent' };
    if (answer.kind === 'sent') this.sent.push({ recipient: message.recipient, text: message.payload.text });
    return answer;
  }
}

let user = 0;
const newUser = () => `user-${Date.now()}-${++user}`;

describe.each(backends())('OutboundQueue on $name', (backend) => {
  let db: Database;
  let clock = Date.now();
  const queues: OutboundQueue[] = [];
  const makeQueue = (transport: Transport, on: Database = db, extra: Partial<ConstructorParameters<typeof OutboundQueue>[0]> = {}) => {
    const queue = new OutboundQueue({ db: on, logger: silentLogger(), now: () => clock, ...extra });
    queue.register(transport);
    queues.push(queue);
    return queue;
  };
  const enqueue = (queue: OutboundQueue, recipient: string, ...texts: string[]) =>
    queue.enqueue(texts.map((text) => ({ channel: 'test-channel', recipient, payload: { text } })));

  beforeAll(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });

  test('sends a conversation\'s messages in the order they were written', async () => {
    const transport = new ScriptedTransport();
    const queue = makeQueue(transport);
    const to = newUser();
    await enqueue(queue, to, 'một', 'hai', 'ba');
    await queue.drain('test-channel', to);
    expect(transport.sent.map((s) => s.text)).toEqual(['một', 'hai', 'ba']);
  });

  test('a rate-limited message waits with back-off and the ones behind it wait too; all arrive in order', async () => {
    const transport = new ScriptedTransport();
    transport.answers = [{ kind: 'retry', code: '-32', message: 'Your OA reached limit call api' }];
    const queue = makeQueue(transport);
    const to = newUser();
    const ids = await enqueue(queue, to, 'một', 'hai');
    await queue.drain('test-channel', to);
    expect(transport.sent).toEqual([]);
    expect((await queue.states(ids)).map((s) => s.status)).toEqual(['pending', 'pending']);
    await queue.drain('test-channel', to); // not yet due: nothing is sent early
    expect(transport.attempts).toEqual(['một']);
    clock += 1000;
    await queue.drain('test-channel', to);
    expect(transport.sent.map((s) => s.text)).toEqual(['một', 'hai']);
    expect((await queue.states(ids)).map((s) => s.status)).toEqual(['sent', 'sent']);
  });

  test('a permanent failure is recorded and reported once, and the conversation goes on', async () => {
    const transport = new ScriptedTransport();
    transport.answers = [{ kind: 'failed', code: '-230', message: 'User has not interacted with the OA in the past 7 days', windowClosed: true }];
    const settled: string[] = [];
    const queue = makeQueue(transport, db, { onSettled: async (m, o) => void settled.push(`${(m.payload as { text: string }).text}:${o.kind}`) });
    const to = newUser();
    const ids = await enqueue(queue, to, 'trả lời', 'tiếp theo');
    await queue.drain('test-channel', to);
    const states = await queue.states(ids);
    expect(states.map((s) => [s.status, s.errorCode])).toEqual([
      ['failed', '-230'],
      ['sent', null],
    ]);
    expect(settled).toEqual(['trả lời:failed', 'tiếp theo:sent']);
  });

  test('a message left "sending" by a crashed process is sent after the restart, by the poll', async () => {
    const crashed = new ScriptedTransport();
    let release!: () => void;
    crashed.gate = new Promise((resolve) => (release = resolve));
    const before = makeQueue(crashed);
    const to = newUser();
    const [id] = await enqueue(before, to, 'trả lời của cán bộ');
    void before.drain('test-channel', to); // takes the row, then "crashes" inside the send
    await waitFor(async () => (await before.states([id!]))[0]?.status === 'sending');

    const transport = new ScriptedTransport();
    const after = makeQueue(transport, await backend.open(), { staleAfterMs: 60_000 });
    await after.pollOnce();
    expect(transport.sent).toEqual([]); // still within the dead sender's claim
    clock += 61_000;
    await after.pollOnce();
    expect(transport.sent).toEqual([{ recipient: to, text: 'trả lời của cán bộ' }]);
    release();
  });

  test('a retry timer that fires before the message is due (a busy event loop) waits out the rest, then sends', async () => {
    const transport = new ScriptedTransport();
    transport.answers = [{ kind: 'retry', code: '-32', message: 'Your OA reached limit call api', delayMs: 50 }];
    const queue = makeQueue(transport);
    const to = newUser();
    const [id] = await enqueue(queue, to, 'trả lời của cán bộ');
    await queue.drain('test-channel', to);
    // The timer's 50 ms pass while this queue's clock stands still: as far as it knows, the retry is not due yet.
    await new Promise((r) => setTimeout(r, 150));
    expect(transport.attempts).toEqual(['trả lời của cán bộ']);
    clock += 50;
    await waitFor(async () => (await queue.states([id!]))[0]?.status === 'sent');
    expect(transport.sent).toEqual([{ recipient: to, text: 'trả lời của cán bộ' }]);
  });

  test('a retry scheduled by a process that then stopped is sent when due after the restart, not at the next poll', async () => {
    const refused = new ScriptedTransport();
    refused.answers = [{ kind: 'retry', code: '-32', message: 'Your OA reached limit call api', delayMs: 1500 }];
    const before = makeQueue(refused, db, { now: Date.now });
    const to = newUser();
    const [id] = await enqueue(before, to, 'trả lời của cán bộ');
    await before.drain('test-channel', to);
    await before.close(); // its retry timer goes with it

    const transport = new ScriptedTransport();
    const after = makeQueue(transport, await backend.open(), { now: Date.now, pollIntervalMs: 10 * 60_000 });
    after.start();
    await after.pollOnce();
    const sentTo = () => transport.sent.filter((s) => s.recipient === to);
    expect(sentTo()).toEqual([]); // not due yet
    await waitFor(async () => (await after.states([id!]))[0]?.status === 'sent');
    expect(sentTo()).toEqual([{ recipient: to, text: 'trả lời của cán bộ' }]);
  });

  test('two instances draining the same conversation send each message once', async () => {
    const a = new ScriptedTransport();
    const b = new ScriptedTransport();
    const qa = makeQueue(a);
    const qb = makeQueue(b, await backend.open());
    const to = newUser();
    const texts = Array.from({ length: 12 }, (_, i) => `tin ${i + 1}`);
    await enqueue(qa, to, ...texts);
    await Promise.all([qa.drain('test-channel', to), qb.drain('test-channel', to), qa.drain('test-channel', to), qb.drain('test-channel', to)]);
    const all = [...a.sent, ...b.sent].map((s) => s.text).sort();
    expect(all).toEqual([...texts].sort());
  });

  test('the same dedupe key is queued once; once it failed, queueing it again retries it', async () => {
    const transport = new ScriptedTransport();
    transport.answers = [{ kind: 'failed', code: '-201', message: 'invalid' }];
    const queue = makeQueue(transport);
    const to = newUser();
    const key = `ticket-message:${to}`;
    const message = { channel: 'test-channel', recipient: to, payload: { text: 'trả lời' }, dedupeKey: key };
    const [first] = await queue.enqueue([message]);
    const [again] = await queue.enqueue([message]);
    expect(again).toBe(first);
    await queue.drain('test-channel', to);
    expect((await queue.states([first!]))[0]?.status).toBe('failed');
    await queue.enqueue([message]);
    await queue.drain('test-channel', to);
    expect((await queue.states([first!]))[0]?.status).toBe('sent');
    await queue.enqueue([message]);
    await queue.drain('test-channel', to);
    expect(transport.sent).toHaveLength(1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
