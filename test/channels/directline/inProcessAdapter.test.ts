/**
 * The bot's replies to this server's own Direct Line are handed over in process (InProcessCloudAdapter) instead of
 * travelling back over HTTP to the Bot Framework callback route. What a citizen sees must not change: the welcome,
 * answers, staff replies sent proactively, the order, ids and the history on reload; and a bot elsewhere (or the
 * Emulator) still uses HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Activity, ConfigurationBotFrameworkAuthentication, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { InProcessCloudAdapter, type LocalChannel } from '../../../src/channels/directline/inProcessAdapter';
import { CloudAdapterSender } from '../../../src/escalation/replyDelivery';
import { startTestApp, PASSWORD_QUESTION, type TestApp } from '../../fakes/testApp';
import { connect, fromBot, hasCard, textOf, type Client } from './directLineClient';

/** Every path the server was asked for, to show that nothing went through the callback routes. */
function recordPaths(t: TestApp): string[] {
  const paths: string[] = [];
  t.app.server.pre((req: Request, _res: Response, next: () => void) => {
    paths.push(req.path());
    next();
  });
  return paths;
}

const callbacks = (paths: string[]) => paths.filter((p) => p.startsWith('/v3/conversations/'));

async function startConversation(url: string): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' });
  return (await res.json()) as { token: string; conversationId: string };
}

describe('replies to our own Direct Line, in process', () => {
  let t: TestApp;
  let paths: string[];
  const clients: Client[] = [];
  beforeEach(async () => {
    t = await startTestApp();
    paths = recordPaths(t);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end();
    await t.close();
  });
  const open = (token: string) => {
    const c = connect({ domain: `${t.url}/v3/directline`, token, webSocket: true });
    clients.push(c);
    return c;
  };

  it('the welcome and the answer reach Web Chat, in order and answering the question, with no call to the callback route', async () => {
    const { token } = await startConversation(t.url);
    const client = open(token);
    await client.waitFor(fromBot, 'welcome');
    const id = await client.post({ type: 'message', from: { id: 'u' }, text: PASSWORD_QUESTION, channelData: { clientActivityID: 'c1' } });
    const card = await client.waitFor(hasCard, 'answer card');
    const feedback = await client.waitFor((a) => textOf(a) === 'Câu trả lời có hữu ích không?', 'feedback question');
    expect(JSON.stringify(card)).toContain('Quên mật khẩu VNeID');
    expect((card as { replyToId?: string }).replyToId).toBe(id);
    const order = client.received.map((a) => a.id);
    expect(order.indexOf(card.id)).toBeLessThan(order.indexOf(feedback.id));
    expect(new Set(order).size).toBe(order.length);
    expect(callbacks(paths)).toEqual([]);
  });

  it('what the citizen sends reaches their open streams even when the bot answers nothing', async () => {
    const { token } = await startConversation(t.url);
    const client = open(token);
    await client.waitFor(fromBot, 'welcome');
    // An event (Web Chat sends some) gets no answer: its echo must still be pushed, once the turn is over.
    await client.post({ type: 'event', name: 'webchat/join', from: { id: 'u' }, channelData: { clientActivityID: 'e1' } } as Parameters<Client['post']>[0]);
    const echo = await client.waitFor((a) => a.type === 'event' && a.from?.role === 'user', 'echo of the event');
    expect((echo as { name?: string }).name).toBe('webchat/join');
  });

  it('a staff reply sent proactively reaches the citizen whose Web Chat is open, with no call to the callback route', async () => {
    const { token, conversationId } = await startConversation(t.url);
    const client = open(token);
    const welcome = await client.waitFor(fromBot, 'welcome');
    // What a ticket keeps; its serviceUrl may name another instance, the sender uses this one's.
    const reference: Partial<ConversationReference> = {
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:1',
      conversation: { id: conversationId } as ConversationReference['conversation'],
      bot: { id: welcome.from.id, name: welcome.from.name ?? '' },
      user: { id: 'u', name: '' },
    };
    await new CloudAdapterSender(t.adapter, '', () => t.url).send(JSON.stringify(reference), 'Công an xã Định Hòa trả lời: anh/chị mang căn cước đến trụ sở.', {
      suggestions: ['Bổ sung thông tin'],
    });
    const reply = await client.waitFor((a) => textOf(a).startsWith('Công an xã Định Hòa trả lời'), 'staff reply');
    expect(reply.from.role).toBe('bot');
    expect(JSON.stringify(reply)).toContain('Bổ sung thông tin');
    expect(callbacks(paths)).toEqual([]);
  });

  it('a proactive message to a conversation that does not exist is refused with 404, as over HTTP', async () => {
    // An adapter without onTurnError, so the refusal reaches the sender instead of the apology handler.
    const adapter = new InProcessCloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.connectLocalChannel(t.app.directLine.service);
    const reference = { channelId: 'directline', serviceUrl: t.url, conversation: { id: 'khong-co' }, bot: { id: 'b' }, user: { id: 'u' } };
    await expect(new CloudAdapterSender(adapter, '', () => t.url).send(JSON.stringify(reference), 'Xin chào')).rejects.toMatchObject({ statusCode: 404 });
    expect(callbacks(paths)).toEqual([]);
  });

  it('a refused proactive message is reported as failed even when the adapter has an onTurnError handler', async () => {
    // As in the server: onTurnError catches errors of a turn. The staff reply must still not be marked delivered.
    const adapter = new InProcessCloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const handled: unknown[] = [];
    adapter.onTurnError = async (_context, error) => {
      handled.push(error);
    };
    adapter.connectLocalChannel(t.app.directLine.service);
    const reference = { channelId: 'directline', serviceUrl: t.url, conversation: { id: 'khong-co' }, bot: { id: 'b' }, user: { id: 'u' } };
    await expect(new CloudAdapterSender(adapter, '', () => t.url).send(JSON.stringify(reference), 'Xin chào')).rejects.toMatchObject({ statusCode: 404 });
    expect(handled).toEqual([]);
  });
});

describe('the history a reload shows', () => {
  /** One scripted conversation, and the history Web Chat would replay, without what differs by nature (ids, times). */
  async function history(inProcess: boolean): Promise<unknown[]> {
    const t = await startTestApp({ inProcess });
    try {
      const { token, conversationId } = await startConversation(t.url);
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers });
      for (const text of [PASSWORD_QUESTION, 'tạm trú', '1', '👍']) {
        const res = await fetch(`${t.url}/v3/directline/conversations/${conversationId}/activities`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', from: { id: 'u' }, text }),
        });
        expect(res.status).toBe(200);
      }
      const res = await fetch(`${t.url}/v3/directline/conversations/${conversationId}/activities`, { headers });
      const { activities } = (await res.json()) as { activities: Array<Record<string, unknown>> };
      // The citizen's id is minted per conversation; everything else must be identical.
      const account = (a: unknown) => {
        const { id, ...rest } = (a ?? {}) as { id?: string; role?: string };
        return { ...rest, id: rest.role === 'user' ? 'citizen' : id };
      };
      return activities.map(({ id: _id, timestamp: _timestamp, conversation: _conversation, replyToId, from, recipient, ...rest }) => ({
        ...rest,
        answers: replyToId ? 'a question' : undefined,
        from: account(from),
        recipient: account(recipient),
      }));
    } finally {
      await t.close();
    }
  }

  it('is the same whether the replies came in process or over the callback route', async () => {
    const overHttp = await history(false);
    const inProcess = await history(true);
    expect(inProcess.length).toBeGreaterThan(8);
    expect(inProcess).toEqual(overHttp);
  });
});

/** A Direct Line stand-in that records what the adapter hands over. */
function recordingChannel(serviceUrl: string) {
  const received: Array<{ conversationId: string; activities: Array<Partial<Activity>> }> = [];
  let next = 0;
  const channel: LocalChannel = {
    serviceUrl: () => serviceUrl,
    async receiveFromBot(conversationId, activities) {
      received.push({ conversationId, activities: activities.map((a) => ({ ...a })) });
      return activities.map(() => ({ id: `id-${++next}` }));
    },
    async updateFromBot() {
      throw Object.assign(new Error('không hỗ trợ sửa'), { status: 405 });
    },
    async deleteFromBot() {
      throw Object.assign(new Error('không hỗ trợ xoá'), { status: 405 });
    },
  };
  return { channel, received };
}

describe('InProcessCloudAdapter', () => {
  const local = 'http://127.0.0.1:3978';
  const incoming = (serviceUrl = local): Activity =>
    ({
      type: 'message',
      id: 'in-1',
      text: 'xin chào',
      channelId: 'directline',
      serviceUrl,
      conversation: { id: 'c-1' },
      from: { id: 'u', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      timestamp: new Date(),
    }) as unknown as Activity;

  function adapterWith(channel: LocalChannel): InProcessCloudAdapter {
    const adapter = new InProcessCloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.connectLocalChannel(channel);
    return adapter;
  }

  it('hands one call’s replies over together and in order, gives each its id, and drops traces as CloudAdapter does', async () => {
    const { channel, received } = recordingChannel(local);
    const adapter = adapterWith(channel);
    let sent: Array<Partial<Activity>> = [];
    let responded = false;
    await adapter.processLocalActivity(incoming(), async (context: TurnContext) => {
      sent = [{ type: 'message', text: 'một' }, { type: 'trace', name: 'debug' }, { type: 'message', text: 'hai' }];
      const responses = await context.sendActivities(sent);
      expect(responses.map((r) => r.id)).toEqual(['id-1', '', 'id-2']);
      responded = context.responded;
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.conversationId).toBe('c-1');
    expect(received[0]!.activities.map((a) => a.text)).toEqual(['một', 'hai']);
    // What the callback route would have been given: addressed to the conversation, answering the message.
    expect(received[0]!.activities[0]).toEqual(expect.objectContaining({ replyToId: 'in-1', conversation: expect.objectContaining({ id: 'c-1' }) }));
    expect(responded).toBe(true);
  });

  it('a pause between replies keeps them apart, in order', async () => {
    const { channel, received } = recordingChannel(local);
    await adapterWith(channel).processLocalActivity(incoming(), async (context) => {
      await context.sendActivities([{ type: 'message', text: 'một' }, { type: 'delay', value: 1 }, { type: 'message', text: 'hai' }]);
    });
    expect(received.map((r) => r.activities.map((a) => a.text))).toEqual([['một'], ['hai']]);
  });

  it('an update or a delete is refused with the status the callback routes answer (405)', async () => {
    const { channel } = recordingChannel(local);
    const outcomes: unknown[] = [];
    await adapterWith(channel).processLocalActivity(incoming(), async (context) => {
      outcomes.push(await context.updateActivity({ id: 'id-1', type: 'message', text: 'sửa' }).catch((err: { statusCode?: number }) => err.statusCode));
      outcomes.push(await context.deleteActivity('id-1').catch((err: { statusCode?: number }) => err.statusCode));
    });
    expect(outcomes).toEqual([405, 405]);
  });

  it('a conversation elsewhere (the Emulator) still gets its replies over HTTP', async () => {
    const posted: Array<{ path: string; body: { text?: string } }> = [];
    const emulator = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push({ path: req.url ?? '', body: JSON.parse(body) as { text?: string } });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'from-emulator' }));
      });
    });
    await new Promise<void>((resolve) => emulator.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
    try {
      const { channel, received } = recordingChannel(local);
      const adapter = adapterWith(channel);
      const reference = { channelId: 'emulator', serviceUrl: elsewhere, conversation: { id: 'emu-1' }, bot: { id: 'bot' }, user: { id: 'u' } };
      await adapter.continueConversationAsync('', reference as Partial<ConversationReference>, async (context) => {
        const response = await context.sendActivity('qua HTTP');
        expect(response?.id).toBe('from-emulator');
      });
      expect(posted).toHaveLength(1);
      expect(posted[0]!.path).toMatch(/^\/v3\/conversations\/emu-1\/activities/);
      expect(posted[0]!.body.text).toBe('qua HTTP');
      expect(received).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => emulator.close(() => resolve()));
    }
  });
});
