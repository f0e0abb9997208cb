import type { Activity, CloudAdapter } from 'botbuilder';
import { inProcessBot } from '../../../src/channels/directline/inProcessBot';

/** A stand-in adapter whose turns finish only when the test says so, recording what ran when. */
function controllableAdapter() {
  const events: string[] = [];
  const pending = new Map<string, () => void>();
  const adapter = {
    processActivityDirect(_auth: string, activity: Activity) {
      events.push(`start ${activity.text}`);
      return new Promise<void>((resolve) => pending.set(activity.text!, () => (events.push(`end ${activity.text}`), resolve())));
    },
  } as unknown as CloudAdapter;
  return { adapter, events, finish: (text: string) => pending.get(text)!() };
}

const tick = () => new Promise((r) => setImmediate(r));
const message = (conversation: string, text: string) => ({ type: 'message', text, conversation: { id: conversation } }) as Partial<Activity>;

describe('inProcessBot', () => {
  it('runs the turns of one conversation one after another, in arrival order', async () => {
    const { adapter, events, finish } = controllableAdapter();
    const bot = inProcessBot(adapter, { run: async () => undefined });
    const first = bot.deliver(message('c1', 'một'));
    const second = bot.deliver(message('c1', 'hai'));
    await tick();
    expect(events).toEqual(['start một']);
    finish('một');
    await first;
    await tick();
    expect(events).toEqual(['start một', 'end một', 'start hai']);
    finish('hai');
    await second;
  });

  it('does not make other conversations wait', async () => {
    const { adapter, events, finish } = controllableAdapter();
    const bot = inProcessBot(adapter, { run: async () => undefined });
    const a = bot.deliver(message('c1', 'a'));
    const b = bot.deliver(message('c2', 'b'));
    await tick();
    expect(events).toEqual(['start a', 'start b']);
    finish('b');
    finish('a');
    await Promise.all([a, b]);
  });

  it('a failed turn does not block the next one, and its caller sees the failure', async () => {
    const adapter = {
      processActivityDirect: async (_a: string, activity: Activity) => {
        if (activity.text === 'lỗi') throw new Error('turn failed');
      },
    } as unknown as CloudAdapter;
    const bot = inProcessBot(adapter, { run: async () => undefined });
    const failed = bot.deliver(message('c1', 'lỗi'));
    const next = bot.deliver(message('c1', 'tiếp'));
    await expect(failed).rejects.toThrow('turn failed');
    await expect(next).resolves.toBeUndefined();
  });

  it('turns ISO timestamps into Dates, as the HTTP path does', async () => {
    let seen: Activity | undefined;
    const adapter = { processActivityDirect: async (_a: string, activity: Activity) => void (seen = activity) } as unknown as CloudAdapter;
    await inProcessBot(adapter, { run: async () => undefined }).deliver({ ...message('c', 'x'), timestamp: '2026-11-27T08:00:00.000Z' as unknown as Date });
    expect(seen!.timestamp).toBeInstanceOf(Date);
  });
});
