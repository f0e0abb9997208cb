/**
 * The metrics decorators: what an operator reads on `/metrics` after real calls (the built-server view is in
 * test/scale/twoInstances.test.ts).
 */
import type { TurnContext } from 'botbuilder';
import { forwardedAddress } from '../../src/channels/directline/http/requestInfo';
import type { TicketRepository } from '../../src/escalation/ticketRepository';
import type { Ticket, TicketMessage } from '../../src/escalation/types';
import type { Matcher, MatchOutcome } from '../../src/matching/types';
import { AppMetrics, instrumentedZaloFetch, instrumentMatcher, instrumentTickets, instrumentTurns, zaloErrorCode } from '../../src/metrics';

/** A sample as prom-client returns it (its typings leave out `metricName`, which histograms set). */
interface Sample {
  metricName?: string;
  value: number;
  labels: Record<string, unknown>;
}

async function samples(metrics: AppMetrics, name: string): Promise<Sample[]> {
  return (await metrics.registry.getSingleMetric(name)!.get()).values as unknown as Sample[];
}

async function value(metrics: AppMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  return (await samples(metrics, name))
    .filter((v) => v.metricName === undefined || v.metricName === name || v.metricName === `${name}_count`)
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

const matcherSaying = (outcome: MatchOutcome): Matcher => ({
  match: (question) => ({ question, outcome, entry: null, score: 0, candidates: [] }),
});

function context(channelId: string, type = 'message'): TurnContext {
  return { activity: { type, channelId } } as unknown as TurnContext;
}

describe('turns and matcher', () => {
  test.each([
    { name: 'a matched question', channel: 'webchat', calls: ['answer'] as MatchOutcome[], outcome: 'answer' },
    { name: 'a question asked back', channel: 'zalo-oa', calls: ['clarify'] as MatchOutcome[], outcome: 'clarify' },
    { name: 'the last decision of the turn wins', channel: 'zalo-bot', calls: ['fallback', 'answer'] as MatchOutcome[], outcome: 'answer' },
    { name: 'a button press (no matching)', channel: 'directline', calls: [] as MatchOutcome[], outcome: 'other' },
    { name: 'an unknown channel name', channel: 'made-up-channel', calls: ['fallback'] as MatchOutcome[], outcome: 'fallback', label: 'other' },
  ])('$name is counted by channel and outcome', async ({ channel, calls, outcome, label }) => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    const matchers = calls.map((c) => instrumentMatcher(matcherSaying(c), metrics));
    const bot = instrumentTurns({ run: async () => void matchers.forEach((m) => m.match('câu hỏi')) }, metrics);
    await bot.run(context(channel));
    expect(await value(metrics, 'donghanh_turns_total', { channel: label ?? channel, outcome })).toBe(1);
    expect(await value(metrics, 'donghanh_turns_total')).toBe(1);
    expect(await value(metrics, 'donghanh_matcher_duration_seconds')).toBe(calls.length);
  });

  test('a turn that throws is an error, and the error still reaches the adapter', async () => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    const matcher = instrumentMatcher(matcherSaying('answer'), metrics);
    const bot = instrumentTurns({ run: async () => { matcher.match('x'); throw new Error('hỏng'); } }, metrics);
    await expect(bot.run(context('webchat'))).rejects.toThrow('hỏng');
    expect(await value(metrics, 'donghanh_turns_total', { outcome: 'error' })).toBe(1);
  });

  test('joins and typing are not turns', async () => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    const bot = instrumentTurns({ run: async () => undefined }, metrics);
    await bot.run(context('webchat', 'conversationUpdate'));
    await bot.run(context('webchat', 'typing'));
    expect(await value(metrics, 'donghanh_turns_total')).toBe(0);
  });
});

describe('tickets', () => {
  const ticket = (over: Partial<Ticket>): Ticket => ({ id: 1, communeId: 'xa-dinh-hoa', kind: 'question', channel: 'webchat', createdAt: 1_000, firstReplyAt: null, ...over }) as Ticket;
  const message = (createdAt: number): TicketMessage => ({ id: 9, createdAt }) as TicketMessage;

  test('filing counts once per new ticket; the first staff reply records the waiting time, later replies do not', async () => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    let replies = 0;
    const repo = {
      create: async () => ({ ticket: ticket({}), created: replies === 0 }),
      addStaffReply: async () => {
        replies += 1;
        return { ticket: ticket({ firstReplyAt: 61_000 }), message: message(replies === 1 ? 61_000 : 90_000) };
      },
      get: async () => ticket({}),
    } as unknown as TicketRepository;
    const tickets = instrumentTickets(repo, metrics);
    await tickets.create({} as never);
    await tickets.addStaffReply(1, 1, 'a');
    await tickets.create({} as never); // the same request key again: not a new ticket
    await tickets.addStaffReply(1, 1, 'b');
    expect(await value(metrics, 'donghanh_escalations_created_total', { commune: 'xa-dinh-hoa', kind: 'question', channel: 'webchat' })).toBe(1);
    const histogram = await samples(metrics, 'donghanh_ticket_first_reply_seconds');
    expect(histogram.find((v) => v.metricName === 'donghanh_ticket_first_reply_seconds_count')?.value).toBe(1);
    expect(histogram.find((v) => v.metricName === 'donghanh_ticket_first_reply_seconds_sum')?.value).toBe(60);
    expect((await tickets.get(1))?.communeId).toBe('xa-dinh-hoa');
  });
});

describe('Zalo API errors', () => {
  test.each([
    { name: 'OA error in a 200 answer', status: 200, body: '{"error":-216,"message":"Access token is invalid"}', code: '-216' },
    { name: 'OA success', status: 200, body: '{"error":0,"message":"Success","data":{}}', code: undefined },
    { name: 'Bot Platform refusal', status: 200, body: '{"ok":false,"error_code":401,"description":"Unauthorized"}', code: '401' },
    { name: 'Bot Platform success', status: 200, body: '{"ok":true,"result":{}}', code: undefined },
    { name: 'OAuth error name with a code', status: 200, body: '{"error":-14014,"error_name":"Invalid refresh token"}', code: '-14014' },
    { name: 'an HTTP error without JSON', status: 502, body: '<html>Bad gateway</html>', code: 'http_502' },
    { name: 'a code too strange to be a label', status: 200, body: '{"error":"-99999999999"}', code: 'other' },
  ])('$name', ({ status, body, code }) => {
    expect(zaloErrorCode(status, body)).toBe(code);
  });

  test('the fetch wrapper counts by API and code and hands the body back untouched', async () => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    const inner = (async () => new Response('{"error":-32,"message":"limit"}', { status: 200 })) as typeof fetch;
    const wrapped = instrumentedZaloFetch(metrics, { oa: 'http://oa', oauth: 'http://oauth', bot: 'http://bot' }, inner);
    const res = await wrapped('http://oa/v3.0/oa/message/cs', { method: 'POST' });
    expect(await res.json()).toEqual({ error: -32, message: 'limit' });
    await new Promise((r) => setImmediate(r));
    expect(await value(metrics, 'donghanh_zalo_api_errors_total', { api: 'oa', code: '-32' })).toBe(1);
    const failing = instrumentedZaloFetch(metrics, { oa: 'http://oa', oauth: 'http://oauth', bot: 'http://bot' }, (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await expect(failing('http://bot/bot123/sendMessage')).rejects.toThrow('fetch failed');
    expect(await value(metrics, 'donghanh_zalo_api_errors_total', { api: 'bot', code: 'network' })).toBe(1);
  });
});

describe('client address behind trusted proxies', () => {
  test.each([
    { name: 'no proxy trusted: the header is ignored', header: '1.2.3.4', hops: 0, address: '10.0.0.5' },
    { name: 'one proxy: the address it appended', header: '203.0.113.9', hops: 1, address: '203.0.113.9' },
    { name: 'one proxy: a client-written entry is skipped', header: '1.2.3.4, 203.0.113.9', hops: 1, address: '203.0.113.9' },
    { name: 'two proxies: the second from the right', header: '1.2.3.4, 203.0.113.9, 10.1.1.1', hops: 2, address: '203.0.113.9' },
    { name: 'header shorter than the hops: the peer', header: '203.0.113.9', hops: 2, address: '10.0.0.5' },
    { name: 'no header: the peer', header: undefined, hops: 1, address: '10.0.0.5' },
  ])('$name', ({ header, hops, address }) => {
    expect(forwardedAddress('10.0.0.5', header, hops)).toBe(address);
  });
});
