/**
 * Cross-instance publish/subscribe, e.g. "a staff reply was saved for conversation X" so the instance holding that
 * citizen's Web Chat stream can push it. Events are hints, not the record: the data is always committed to the database
 * first and then announced, and a subscriber that may have missed events (after a reconnect) re-reads the database.
 *
 * Semantics shared by both implementations, so code tested on SQLite behaves the same on PostgreSQL:
 * - every subscriber of a channel receives each event published after its `subscribe` resolved, on every instance
 *   including the publishing one, asynchronously and in publishing order;
 * - the payload is JSON: handlers receive a fresh copy (Dates become strings, functions vanish);
 * - the encoded event must stay under PostgreSQL's NOTIFY limit of 8000 bytes (send ids, not documents);
 * - a handler that throws or rejects is reported and does not affect other handlers.
 */
import { outsideAnyTransaction } from './transactionContext';

export type EventHandler<T = unknown> = (payload: T) => void | Promise<void>;
export type Unsubscribe = () => void;

export interface EventBus {
  /** Announce `payload` on `channel`. Call it after the transaction that stored the data has committed. */
  publish(channel: string, payload: unknown): Promise<void>;
  /** Resolves once events on `channel` will reach `handler`; call the returned function to stop. */
  subscribe<T = unknown>(channel: string, handler: EventHandler<T>): Promise<Unsubscribe>;
  /**
   * Called after the bus lost its connection and got it back: events published meanwhile are lost, so listeners
   * should re-read what they display. Never called by the in-process bus.
   */
  onReconnect(listener: () => void): Unsubscribe;
  close(): Promise<void>;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (default build). */
export const MAX_EVENT_BYTES = 7999;

/** One envelope carries the logical channel, so any channel name works and one LISTEN covers them all. */
export interface EventEnvelope {
  c: string;
  p: unknown;
}

export function encodeEvent(channel: string, payload: unknown): string {
  if (!channel) throw new TypeError('Kênh sự kiện không được để trống');
  if (payload === undefined) throw new TypeError('Nội dung sự kiện phải là dữ liệu JSON (không được là undefined)');
  const text = JSON.stringify({ c: channel, p: payload } satisfies EventEnvelope);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    throw new RangeError(
      `Sự kiện trên kênh "${channel}" dài ${bytes} byte, vượt giới hạn ${MAX_EVENT_BYTES} byte: hãy gửi mã định danh thay vì cả dữ liệu`,
    );
  }
  return text;
}

export function decodeEvent(text: string): EventEnvelope | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<EventEnvelope> | null;
    if (parsed && typeof parsed.c === 'string' && 'p' in parsed) return { c: parsed.c, p: parsed.p };
  } catch {
    // Someone else NOTIFYing on our channel with garbage; ignore it rather than crash the listener.
  }
  return undefined;
}

export type ErrorReporter = (err: unknown, context: string) => void;

/** Default reporter: standard error, without the payload (it may carry citizen data). */
export const reportToStderr: ErrorReporter = (err, context) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`[donghanh:storage] ${context}: ${message}\n`);
};

/** The handlers of one bus, by channel; shared by both implementations. */
export class HandlerRegistry {
  private readonly byChannel = new Map<string, Set<EventHandler>>();

  constructor(private readonly report: ErrorReporter) {}

  add(channel: string, handler: EventHandler): Unsubscribe {
    // Wrapped so the same function subscribed twice gets two deliveries and two independent unsubscribes.
    const entry: EventHandler = (payload) => handler(payload);
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(entry);
    return () => {
      const current = this.byChannel.get(channel);
      current?.delete(entry);
      if (current?.size === 0) this.byChannel.delete(channel);
    };
  }

  hasSubscribers(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  /** Calls every handler of `envelope.c` with its own copy of the payload, outside any caller's transaction. */
  deliver(envelopeText: string): void {
    const envelope = decodeEvent(envelopeText);
    if (!envelope) {
      this.report(new Error('bỏ qua một sự kiện không đúng định dạng'), 'event bus');
      return;
    }
    const handlers = this.byChannel.get(envelope.c);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      const payload = JSON.parse(JSON.stringify(envelope.p)) as unknown;
      outsideAnyTransaction(() => {
        Promise.resolve()
          .then(() => handler(payload))
          .catch((err: unknown) => this.report(err, `event handler on "${envelope.c}"`));
      });
    }
  }

  clear(): void {
    this.byChannel.clear();
  }
}

/**
 * The single-instance bus used with SQLite. Delivery is deferred to a later turn of the event loop, like a
 * notification arriving from PostgreSQL, so a publisher never runs subscriber code inside its own call.
 */
export class InProcessEventBus implements EventBus {
  private readonly handlers: HandlerRegistry;
  private closed = false;

  constructor(report: ErrorReporter = reportToStderr) {
    this.handlers = new HandlerRegistry(report);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    if (this.closed) throw new Error('Kênh sự kiện đã đóng');
    const text = encodeEvent(channel, payload);
    if (!this.handlers.hasSubscribers(channel)) return;
    setImmediate(() => {
      if (!this.closed) this.handlers.deliver(text);
    });
  }

  async subscribe<T = unknown>(channel: string, handler: EventHandler<T>): Promise<Unsubscribe> {
    if (this.closed) throw new Error('Kênh sự kiện đã đóng');
    return this.handlers.add(channel, handler as EventHandler);
  }

  onReconnect(): Unsubscribe {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}

/**
 * A view of a shared bus whose `close()` ends only its own subscriptions. Two SQLite `Database` objects on the same
 * file in one process share one in-process bus (as two instances share PostgreSQL); closing one must not silence the
 * other.
 */
export class ScopedEventBus implements EventBus {
  private readonly mine = new Set<Unsubscribe>();
  private closed = false;

  constructor(private readonly inner: EventBus) {}

  publish(channel: string, payload: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('Kênh sự kiện đã đóng'));
    return this.inner.publish(channel, payload);
  }

  async subscribe<T = unknown>(channel: string, handler: EventHandler<T>): Promise<Unsubscribe> {
    if (this.closed) throw new Error('Kênh sự kiện đã đóng');
    const stop = await this.inner.subscribe(channel, handler);
    const unsubscribe: Unsubscribe = () => {
      this.mine.delete(unsubscribe);
      stop();
    };
    this.mine.add(unsubscribe);
    return unsubscribe;
  }

  onReconnect(listener: () => void): Unsubscribe {
    const stop = this.inner.onReconnect(listener);
    this.mine.add(stop);
    return stop;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of [...this.mine]) stop();
    this.mine.clear();
  }
}
