/**
 * The Prometheus metrics of one instance (`GET /metrics`), on a registry of its own so several servers in one test
 * process never share counters.
 *
 * Two kinds of numbers, and dashboards must tell them apart:
 * - per instance (counters and histograms: turns, matcher latency, first-reply time, Zalo API errors, open streams):
 *   sum them across instances;
 * - cluster-wide, read from the shared database at scrape time (tickets by commune and status, queue depths): every
 *   instance reports the same value, so take `max()` across instances, never `sum()`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a turn ended as: the matcher's decision when the turn asked it, else what happened. */
export type TurnOutcome = 'answer' | 'clarify' | 'fallback' | 'other' | 'error';

/** Channels are free text on `/api/messages`; only known ones become label values (bounded cardinality). */
const KNOWN_CHANNELS = new Set(['webchat', 'directline', 'emulator', 'zalo-oa', 'zalo-bot', 'msteams', 'test']);

export function channelLabel(channelId: string | undefined): string {
  return channelId && KNOWN_CHANNELS.has(channelId) ? channelId : 'other';
}

export class AppMetrics {
  readonly registry = new Registry();
  readonly turns: Counter<'channel' | 'outcome'>;
  readonly matcherSeconds: Histogram<'outcome'>;
  readonly escalationsCreated: Counter<'commune' | 'kind' | 'channel'>;
  readonly firstReplySeconds: Histogram;
  readonly zaloApiErrors: Counter<'api' | 'code'>;
  readonly throttled: Counter<'limit'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'donghanh_' });
    this.turns = new Counter({
      name: 'donghanh_turns_total',
      help: 'Citizen messages handled by the bot on this instance, by channel and outcome (answer, clarify, fallback, other, error)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.matcherSeconds = new Histogram({
      name: 'donghanh_matcher_duration_seconds',
      help: 'Time the matcher took to rank and decide one question',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.escalationsCreated = new Counter({
      name: 'donghanh_escalations_created_total',
      help: 'Tickets filed through this instance, by commune, kind and channel',
      labelNames: ['commune', 'kind', 'channel'],
      registers,
    });
    this.firstReplySeconds = new Histogram({
      name: 'donghanh_ticket_first_reply_seconds',
      help: 'Time from a ticket being filed to its first staff reply (observed on the instance the reply was entered on)',
      buckets: [60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 2 * 24 * 3600, 7 * 24 * 3600],
      registers,
    });
    this.zaloApiErrors = new Counter({
      name: 'donghanh_zalo_api_errors_total',
      help: 'Zalo API calls that failed, by API (oa, oauth, bot) and Zalo error code (or http_<status>, network)',
      labelNames: ['api', 'code'],
      registers,
    });
    this.throttled = new Counter({
      name: 'donghanh_throttled_requests_total',
      help: 'Requests refused by a rate limit on this instance',
      labelNames: ['limit'],
      registers,
    });
  }

  /** A gauge whose value is read when Prometheus scrapes (from the database or this process). */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (g: Gauge<L>) => Promise<void> | void): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
