/**
 * The durable send queue shared by the Zalo channels. Every message to a citizen is first stored (`pending`), then
 * sent; so a reply — above all an officer's reply — survives a crash or a restart and is sent afterwards.
 *
 * Guarantees:
 * - order: only the head of a conversation's queue is ever taken, so a citizen reads messages in the order written,
 *   even when one has to wait (rate limit) or several instances run;
 * - one sender: taking a row is a conditional UPDATE, which exactly one caller wins (`sending`); a row left `sending`
 *   by a crashed process is taken again after `staleAfterMs`;
 * - once: a row is sent at most once per take and never again after it is `sent`. A crash between Zalo accepting a
 *   message and the row being marked can repeat that one message after the restart — the price of never losing one;
 * - a transient failure (rate limit, network, Zalo down) waits with growing back-off and is retried, here or by any
 *   instance's poll; a permanent one (`failed`) is reported and the rest of the conversation's queue goes on.
 */
import type { Database, Queryable } from '../../storage/database';
import type { Logger } from '../../logging';

export type QueueStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface QueuedMessage<P = unknown> {
  id: number;
  channel: string;
  recipient: string;
  payload: P;
  attempts: number;
  dedupeKey: string | null;
  ticketMessageId: number | null;
}

export type SendOutcome =
  | { kind: 'sent'; platformMessageId?: string }
  /** Worth trying again later: rate limit, network, a server error, a token that could not be refreshed yet. */
  | { kind: 'retry'; code: string; message: string; delayMs?: number }
  /** Will never succeed as it is: a closed 7-day window, a blocked user, an invalid message. */
  | { kind: 'failed'; code: string; message: string; windowClosed?: boolean };

export type FinalOutcome = Extract<SendOutcome, { kind: 'sent' | 'failed' }>;

/** Sends one stored message to the platform. Must not throw for platform errors: it classifies them. */
export interface Transport<P = unknown> {
  readonly channel: string;
  send(message: QueuedMessage<P>): Promise<SendOutcome>;
}

export interface NewQueuedMessage {
  channel: string;
  recipient: string;
  payload: unknown;
  dedupeKey?: string;
  ticketMessageId?: number;
}

export interface QueueRowState {
  id: number;
  status: QueueStatus;
  errorCode: string | null;
  lastError: string | null;
  platformMessageId: string | null;
  ticketMessageId: number | null;
}

export interface OutboundQueueOptions {
  db: Database;
  logger: Logger;
  now?: () => number;
  /** A `sending` row older than this belongs to a crashed sender and is taken again. */
  staleAfterMs?: number;
  /** Retries before a transiently failing message is given up as failed. */
  maxAttempts?: number;
  /** How often every instance looks for due messages (retries, messages left by a crash). */
  pollIntervalMs?: number;
  /** Called once per message when it is finally sent or failed (e.g. to update the ticket that holds it). */
  onSettled?: (message: QueuedMessage, outcome: FinalOutcome) => Promise<void>;
}

interface Row {
  id: number;
  channel: string;
  recipient: string;
  payload: string;
  status: string;
  attempts: number;
  dedupe_key: string | null;
  ticket_message_id: number | null;
  error_code: string | null;
  last_error: string | null;
  platform_message_id: string | null;
}

const COLUMNS = 'id, channel, recipient, payload, status, attempts, dedupe_key, ticket_message_id, error_code, last_error, platform_message_id';
const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Longest delay for which a retry is also scheduled in this process (longer ones are left to the poll). */
const MAX_TIMER_MS = 10 * 60_000;

export class OutboundQueue {
  private readonly transports = new Map<string, Transport>();
  private readonly now: () => number;
  private readonly staleAfterMs: number;
  private readonly maxAttempts: number;
  private readonly pollIntervalMs: number;
  /** One drain per conversation at a time in this process; a second caller waits for the running one and drains again. */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pollTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: OutboundQueueOptions) {
    this.now = o.now ?? Date.now;
    this.staleAfterMs = o.staleAfterMs ?? 2 * 60_000;
    this.maxAttempts = o.maxAttempts ?? 10;
    this.pollIntervalMs = o.pollIntervalMs ?? 30_000;
  }

  register(transport: Transport): void {
    this.transports.set(transport.channel, transport);
  }

  /**
   * Stores messages (in order) inside the caller's transaction; returns their ids. A `dedupeKey` already stored is not
   * stored twice: its row's id is returned, and a row that had failed is queued again (someone asked to retry it).
   */
  async enqueueIn(tx: Queryable, messages: readonly NewQueuedMessage[]): Promise<number[]> {
    const at = this.now();
    const ids: number[] = [];
    for (const m of messages) {
      const row = await tx.queryOne<{ id: number }>(
        `INSERT INTO zalo_outbound (channel, recipient, payload, status, attempts, next_attempt_at, created_at, updated_at,
           dedupe_key, ticket_message_id)
         VALUES ($1, $2, $3, 'pending', 0, $4, $4, $4, $5, $6)
         ON CONFLICT (dedupe_key) DO UPDATE SET status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
           updated_at = excluded.updated_at, claimed_at = NULL, error_code = NULL, last_error = NULL
         WHERE zalo_outbound.status = 'failed'
         RETURNING id`,
        [m.channel, m.recipient, JSON.stringify(m.payload), at, m.dedupeKey ?? null, m.ticketMessageId ?? null],
      );
      if (row) {
        ids.push(Number(row.id));
      } else if (m.dedupeKey) {
        const existing = await tx.queryOne<{ id: number }>('SELECT id FROM zalo_outbound WHERE dedupe_key = $1', [m.dedupeKey]);
        if (existing) ids.push(Number(existing.id));
      }
    }
    return ids;
  }

  async enqueue(messages: readonly NewQueuedMessage[]): Promise<number[]> {
    return this.o.db.transaction((tx) => this.enqueueIn(tx, messages));
  }

  /**
   * Sends what is due in one conversation, in order, until its queue is empty or has to wait. Concurrent calls for
   * the same conversation in this process share the work.
   */
  drain(channel: string, recipient: string): Promise<void> {
    const key = `${channel}\u0000${recipient}`;
    const running = this.draining.get(key);
    if (running) {
      // Something enqueued after the running drain took its last look must not wait for the poll.
      return running.then(() => this.drain(channel, recipient));
    }
    const work = this.drainNow(channel, recipient).finally(() => this.draining.delete(key));
    this.draining.set(key, work);
    return work;
  }

  /** Where each message stands, by id (for a caller waiting on what it enqueued). */
  async states(ids: readonly number[]): Promise<QueueRowState[]> {
    if (ids.length === 0) return [];
    const rows = await this.o.db.query<Row>(
      `SELECT ${COLUMNS} FROM zalo_outbound WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id`,
      ids,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      status: r.status as QueueStatus,
      errorCode: r.error_code,
      lastError: r.last_error,
      platformMessageId: r.platform_message_id,
      ticketMessageId: r.ticket_message_id === null ? null : Number(r.ticket_message_id),
    }));
  }

  /** Gives up messages nobody is sending yet (a caller that stopped waiting for them); returns how many. */
  async withdraw(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.o.db.execute(
      `UPDATE zalo_outbound SET status = 'failed', error_code = 'withdrawn', updated_at = $1
       WHERE status = 'pending' AND id IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
      [this.now(), ...ids],
    );
    return rowCount;
  }

  /**
   * Starts the periodic look for due messages. What a previous run left behind is taken up now: what is due, by a
   * poll, and a retry it had scheduled and did not live to send, at the time it was due (not up to a poll interval
   * later: an officer's reply refused for a moment by Zalo's rate limit goes out a second later, restart or not).
   */
  start(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => void this.pollOnce(), this.pollIntervalMs);
    this.pollTimer.unref();
    // Retries due after this moment, then what is due by the poll's own (later) moment: nothing falls between.
    void this.scheduleLeftBehind();
    void this.pollOnce();
  }

  /** Drains every conversation with a due message; returns how many conversations were looked at. */
  async pollOnce(limit = 50): Promise<number> {
    if (this.closed) return 0;
    const at = this.now();
    let due: Array<{ channel: string; recipient: string }>;
    try {
      due = await this.o.db.query<{ channel: string; recipient: string }>(
        `SELECT DISTINCT channel, recipient FROM zalo_outbound
         WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_at < $2)
         LIMIT ${Math.max(1, Math.floor(limit))}`,
        [at, at - this.staleAfterMs],
      );
    } catch (err) {
      this.o.logger.warn({ err }, 'zalo outbound poll failed');
      return 0;
    }
    await Promise.all(due.filter((d) => this.transports.has(d.channel)).map((d) => this.drain(d.channel, d.recipient)));
    return due.length;
  }

  /** Waits for drains in progress in this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining.size > 0) await Promise.allSettled([...this.draining.values()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  /** Deletes settled messages older than `olderThanMs` (they only matter while someone may ask about them). */
  async purgeSettled(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.o.db.execute(
      `DELETE FROM zalo_outbound WHERE status IN ('sent', 'failed') AND updated_at < $1`,
      [this.now() - olderThanMs],
    );
    return rowCount;
  }

  private async drainNow(channel: string, recipient: string): Promise<void> {
    const transport = this.transports.get(channel);
    if (!transport) throw new Error(`No transport for channel ${channel}`);
    for (;;) {
      if (this.closed) return;
      const message = await this.takeHead(channel, recipient);
      if (!message) return;
      let outcome: SendOutcome;
      try {
        outcome = await transport.send(message);
      } catch (err) {
        // A transport bug must not lose the message: treat it like a transient failure.
        this.o.logger.error({ err, channel, conversationId: recipient, queueId: message.id }, 'zalo send threw');
        outcome = { kind: 'retry', code: 'exception', message: err instanceof Error ? err.message : String(err) };
      }
      if (outcome.kind === 'retry' && message.attempts + 1 >= this.maxAttempts) {
        outcome = { kind: 'failed', code: outcome.code, message: `${outcome.message} (sau ${message.attempts + 1} lần thử)` };
      }
      await this.settle(message, outcome);
      if (outcome.kind === 'retry') return;
    }
  }

  /** Takes the head of the conversation's queue if it is due and nobody else holds it. */
  private async takeHead(channel: string, recipient: string): Promise<QueuedMessage | undefined> {
    const at = this.now();
    const row = await this.o.db.queryOne<Row>(
      `UPDATE zalo_outbound SET status = 'sending', claimed_at = $3, updated_at = $3
       WHERE id = (
           SELECT id FROM zalo_outbound
           WHERE channel = $1 AND recipient = $2 AND status IN ('pending', 'sending')
           ORDER BY id LIMIT 1)
         AND ((status = 'pending' AND next_attempt_at <= $3) OR (status = 'sending' AND claimed_at < $4))
       RETURNING ${COLUMNS}`,
      [channel, recipient, at, at - this.staleAfterMs],
    );
    if (!row) return undefined;
    return {
      id: Number(row.id),
      channel: row.channel,
      recipient: row.recipient,
      payload: JSON.parse(row.payload) as unknown,
      attempts: Number(row.attempts),
      dedupeKey: row.dedupe_key,
      ticketMessageId: row.ticket_message_id === null ? null : Number(row.ticket_message_id),
    };
  }

  private async settle(message: QueuedMessage, outcome: SendOutcome): Promise<void> {
    const at = this.now();
    const log = { channel: message.channel, conversationId: message.recipient, queueId: message.id };
    if (outcome.kind === 'sent') {
      await this.o.db.execute(
        `UPDATE zalo_outbound SET status = 'sent', sent_at = $2, updated_at = $2, attempts = attempts + 1,
           platform_message_id = $3, error_code = NULL, last_error = NULL
         WHERE id = $1`,
        [message.id, at, outcome.platformMessageId ?? null],
      );
      this.o.logger.debug({ ...log, platformMessageId: outcome.platformMessageId }, 'zalo message sent');
    } else if (outcome.kind === 'failed') {
      await this.o.db.execute(
        `UPDATE zalo_outbound SET status = 'failed', updated_at = $2, attempts = attempts + 1, error_code = $3, last_error = $4
         WHERE id = $1`,
        [message.id, at, outcome.code, outcome.message.slice(0, 500)],
      );
      this.o.logger.warn({ ...log, code: outcome.code, error: outcome.message }, 'zalo message not delivered');
    } else {
      const delay = outcome.delayMs ?? Math.min(BASE_BACKOFF_MS * 2 ** message.attempts, MAX_BACKOFF_MS);
      await this.o.db.execute(
        `UPDATE zalo_outbound SET status = 'pending', updated_at = $2, attempts = attempts + 1, next_attempt_at = $3,
           error_code = $4, last_error = $5, claimed_at = NULL
         WHERE id = $1`,
        [message.id, at, at + delay, outcome.code, outcome.message.slice(0, 500)],
      );
      this.o.logger.warn({ ...log, code: outcome.code, error: outcome.message, retryInMs: delay }, 'zalo message will be retried');
      this.scheduleRetry(message.channel, message.recipient, delay);
      return;
    }
    if (this.o.onSettled) {
      try {
        await this.o.onSettled(message, outcome);
      } catch (err) {
        this.o.logger.error({ err, ...log }, 'zalo delivery report failed');
      }
    }
  }

  /** A timer for each conversation whose next retry is due after now, within what a timer is kept for. */
  private async scheduleLeftBehind(): Promise<void> {
    const at = this.now();
    let waiting: Array<{ channel: string; recipient: string; due: number | string }>;
    try {
      waiting = await this.o.db.query<{ channel: string; recipient: string; due: number | string }>(
        `SELECT channel, recipient, MIN(next_attempt_at) AS due FROM zalo_outbound
         WHERE status = 'pending' AND next_attempt_at > $1 AND next_attempt_at <= $2
         GROUP BY channel, recipient`,
        [at, at + MAX_TIMER_MS],
      );
    } catch (err) {
      this.o.logger.warn({ err }, 'zalo outbound retries not scheduled; the poll will send them');
      return;
    }
    for (const w of waiting) if (this.transports.has(w.channel)) this.scheduleRetry(w.channel, w.recipient, Number(w.due) - at);
  }

  private scheduleRetry(channel: string, recipient: string, delayMs: number): void {
    if (this.closed || delayMs > MAX_TIMER_MS) return;
    const due = this.now() + delayMs;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Node's timers run on the event loop's own clock, not on now(): a timer can fire a millisecond or more before
      // now() says the delay has passed (`node -e` shows 49 ms for a 50 ms timer set after a busy 30 ms). The drain
      // would then find nothing due, and the message would wait for the next poll. Wait out the rest.
      const early = due - this.now();
      if (early > 0) return this.scheduleRetry(channel, recipient, early);
      void this.drain(channel, recipient).catch((err: unknown) =>
        this.o.logger.warn({ err, channel, conversationId: recipient }, 'zalo retry failed'),
      );
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
