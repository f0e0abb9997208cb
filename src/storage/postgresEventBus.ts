/**
 * The cross-instance bus on PostgreSQL LISTEN/NOTIFY. Each instance keeps one dedicated connection (not from the pool:
 * a pooled client would be handed to someone else and stop listening) on a single PostgreSQL channel; the logical
 * channel travels inside the JSON envelope, so names are free-form and one LISTEN covers all of them.
 *
 * NOTIFY is delivered only to sessions listening at that moment. When the listening connection drops we reconnect with
 * backoff and then call the `onReconnect` listeners, whose job is to re-read what they may have missed.
 */
import type pg from 'pg';
import { type Outcome, TickBatch } from './tickBatch';
import {
  encodeEvent,
  type ErrorReporter,
  type EventBus,
  type EventHandler,
  HandlerRegistry,
  type Unsubscribe,
} from './eventBus';

export interface PostgresEventBusDeps {
  /** The PostgreSQL channel, one per schema so test schemas and deployments sharing a server stay apart. */
  channel: string;
  /** A new, unconnected client with the database's settings. */
  newClient: () => pg.Client;
  /** Sends these NOTIFYs, in order, in one statement (through the pool). */
  notify: (channel: string, texts: string[]) => Promise<void>;
  report: ErrorReporter;
  /** Reconnect backoff: first delay, doubled after each failure up to the maximum. */
  reconnectDelayMs?: { first: number; max: number };
}

/** Bound on notifications per statement (one parameter each). */
const NOTIFY_PER_STATEMENT = 100;

export class PostgresEventBus implements EventBus {
  private readonly handlers: HandlerRegistry;
  private readonly reconnectListeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private firstConnection: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Events published during one turn of the event loop (several turns answering at once) share one round trip. */
  private readonly outgoing = new TickBatch<string, void>((texts) => this.notifyAll(texts));

  constructor(private readonly deps: PostgresEventBusDeps) {
    this.handlers = new HandlerRegistry(deps.report);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    this.assertOpen();
    await this.outgoing.add(encodeEvent(channel, payload));
  }

  async subscribe<T = unknown>(channel: string, handler: EventHandler<T>): Promise<Unsubscribe> {
    this.assertOpen();
    const unsubscribe = this.handlers.add(channel, handler as EventHandler);
    try {
      await this.start();
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  onReconnect(listener: () => void): Unsubscribe {
    // Wrapped so one function registered twice is two registrations.
    const entry = (): void => listener();
    this.reconnectListeners.add(entry);
    return () => {
      this.reconnectListeners.delete(entry);
    };
  }

  /** True while the listening connection is up (for `/readyz`). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.handlers.clear();
    this.reconnectListeners.clear();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * In publishing order, one statement per run of distinct texts: PostgreSQL delivers identical notifications of one
   * transaction only once, and every publish must reach the subscribers.
   */
  private async notifyAll(texts: string[]): Promise<Outcome<void>[]> {
    let run: string[] = [];
    for (const text of texts) {
      if (run.includes(text) || run.length === NOTIFY_PER_STATEMENT) {
        await this.deps.notify(this.deps.channel, run);
        run = [];
      }
      run.push(text);
    }
    await this.deps.notify(this.deps.channel, run);
    return texts.map(() => ({ value: undefined }));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Kênh sự kiện đã đóng');
  }

  /** The first connection is made on the first subscribe; a failure is the subscriber's, and the next one retries. */
  private start(): Promise<void> {
    this.firstConnection ??= this.connect().catch((err: unknown) => {
      this.firstConnection = undefined;
      throw err;
    });
    return this.firstConnection;
  }

  private connect(): Promise<void> {
    const attempt = this.connectOnce();
    this.connecting = attempt;
    return attempt.finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
  }

  private async connectOnce(): Promise<void> {
    const client = this.deps.newClient();
    // Listeners go on before connecting: an 'error' event with no listener would crash the process.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (!this.closed && msg.channel === this.deps.channel && msg.payload !== undefined) {
        this.handlers.deliver(msg.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.deps.channel.replace(/"/g, '""')}"`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  /** Called for errors and for the end of any client we made; only the current one matters. */
  private lost(client: pg.Client, err?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    if (this.closed) return;
    this.deps.report(err ?? new Error('kết nối LISTEN bị đóng'), 'PostgreSQL event listener lost its connection');
    client.end().catch(() => undefined);
    this.scheduleReconnect(0);
  }

  private scheduleReconnect(failures: number): void {
    if (this.closed) return;
    const { first, max } = this.deps.reconnectDelayMs ?? { first: 100, max: 5000 };
    const delay = Math.min(max, first * 2 ** failures);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().then(
        () => {
          if (this.closed) return;
          for (const listener of [...this.reconnectListeners]) {
            try {
              listener();
            } catch (err) {
              this.deps.report(err, 'event bus reconnect listener');
            }
          }
        },
        (err: unknown) => {
          this.deps.report(err, 'PostgreSQL event listener could not reconnect');
          this.scheduleReconnect(failures + 1);
        },
      );
    }, delay);
    // A bus waiting to reconnect should not by itself keep a finished process alive.
    this.retryTimer.unref();
  }
}
