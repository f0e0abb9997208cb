/**
 * Decorators that feed {@link AppMetrics} without the bot, matcher, tickets or Zalo code knowing about metrics:
 * the composition root wraps each collaborator once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TurnContext } from 'botbuilder';
import type { TicketRepository } from '../escalation/ticketRepository';
import type { Matcher } from '../matching/types';
import { type AppMetrics, channelLabel, type TurnOutcome } from './appMetrics';

interface TurnRecord {
  outcome: TurnOutcome;
}

/** The turn being handled, so the matcher (called deep inside dialogs) can say how the turn ended. */
const currentTurn = new AsyncLocalStorage<TurnRecord>();

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

/** Counts every message turn by channel and outcome; other activity types (joins, typing) are not turns. */
export function instrumentTurns<T extends TurnRunner>(bot: T, metrics: AppMetrics): TurnRunner {
  return {
    run(context: TurnContext): Promise<void> {
      if (context.activity?.type !== 'message') return bot.run(context);
      const record: TurnRecord = { outcome: 'other' };
      return currentTurn.run(record, async () => {
        try {
          await bot.run(context);
        } catch (err) {
          record.outcome = 'error';
          throw err;
        } finally {
          metrics.turns.inc({ channel: channelLabel(context.activity.channelId), outcome: record.outcome });
        }
      });
    },
  };
}

/** Times each match and tells the surrounding turn what the matcher decided. */
export function instrumentMatcher(matcher: Matcher, metrics: AppMetrics): Matcher {
  return {
    match(question) {
      const started = process.hrtime.bigint();
      const result = matcher.match(question);
      metrics.matcherSeconds.observe({ outcome: result.outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      const turn = currentTurn.getStore();
      if (turn && turn.outcome !== 'error') turn.outcome = result.outcome;
      return result;
    },
  };
}

/** Counts tickets filed and the time to the first staff reply, as they happen on this instance. */
export function instrumentTickets<T extends TicketRepository>(tickets: T, metrics: AppMetrics): T {
  return new Proxy(tickets, {
    get(target, property, receiver) {
      if (property === 'create') {
        const create: TicketRepository['create'] = async (input) => {
          const result = await target.create(input);
          if (result.created) {
            const t = result.ticket;
            metrics.escalationsCreated.inc({ commune: t.communeId, kind: t.kind, channel: channelLabel(t.channel) });
          }
          return result;
        };
        return create;
      }
      if (property === 'addStaffReply') {
        const addStaffReply: TicketRepository['addStaffReply'] = async (ticketId, staffId, body) => {
          const change = await target.addStaffReply(ticketId, staffId, body);
          const { ticket, message } = change;
          // The repository keeps the first reply's time: this reply was the first when the two are the same.
          if (ticket.firstReplyAt !== null && ticket.firstReplyAt === message.createdAt) {
            metrics.firstReplySeconds.observe(Math.max(0, (ticket.firstReplyAt - ticket.createdAt) / 1000));
          }
          return change;
        };
        return addStaffReply;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Which Zalo API a URL belongs to, from the configured bases. */
export interface ZaloApiBases {
  oa: string;
  oauth: string;
  bot: string;
}

/**
 * A `fetch` for the Zalo clients that counts failed calls by Zalo's error code. Zalo answers most errors with HTTP
 * 200 and `{ "error": -216 }` (OA) or `{ "ok": false, "error_code": 401 }` (Bot Platform), so the body is read from a
 * clone; the caller gets the response untouched.
 */
export function instrumentedZaloFetch(metrics: AppMetrics, bases: ZaloApiBases, inner: typeof fetch = fetch): typeof fetch {
  const apiOf = (url: string): string => {
    if (url.startsWith(bases.oauth)) return 'oauth';
    if (url.startsWith(bases.bot)) return 'bot';
    if (url.startsWith(bases.oa)) return 'oa';
    return 'other';
  };
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const api = apiOf(url);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (err) {
      metrics.zaloApiErrors.inc({ api, code: 'network' });
      throw err;
    }
    void response
      .clone()
      .text()
      .then((text) => {
        const code = zaloErrorCode(response.status, text);
        if (code) metrics.zaloApiErrors.inc({ api, code });
      })
      .catch(() => undefined);
    return response;
  };
}

/** Zalo's error code in an answer, or undefined when the call succeeded. */
export function zaloErrorCode(status: number, body: string): string | undefined {
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // not JSON: judged by the HTTP status alone
  }
  const raw = parsed?.ok === false ? (parsed.error_code ?? parsed.error) : parsed?.error;
  if (typeof raw === 'number' && raw !== 0) return boundedCode(String(raw));
  if (typeof raw === 'string' && raw !== '0' && /^-?\d+$/.test(raw)) return boundedCode(raw);
  if (status >= 400) return `http_${status}`;
  return undefined;
}

function boundedCode(code: string): string {
  return /^-?\d{1,6}$/.test(code) ? code : 'other';
}
