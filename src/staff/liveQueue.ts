/**
 * The live queue: server-sent events to every open console, fed by the ticket events on the cross-instance bus, so a
 * ticket filed through any instance appears on consoles connected to any other.
 *
 * - One bus subscription per process, fanned out to the streams whose account may see the ticket's commune.
 * - Events carry ids and statuses only; the console re-reads through the API, which applies permissions again.
 * - `hello` on connect and `resync` after the bus reconnected tell the console to re-read (events may have been
 *   missed); a comment every `heartbeatMs` keeps proxies from closing an idle stream.
 * - The session is checked again at every heartbeat: sign-out, expiry or a disabled account ends the stream with
 *   `session-ended`.
 */
import type { ServerResponse } from 'node:http';
import type { TicketEvents } from '../escalation/ticketEvents';
import type { TicketEvent } from '../escalation/types';
import type { Logger } from '../logging';
import type { EventBus, Unsubscribe } from '../storage/eventBus';
import { inScope, type TicketScope } from './types';

export interface LiveClient {
  scope: TicketScope;
  /** Still allowed to listen? (session alive, account enabled) */
  stillValid: () => Promise<boolean>;
  res: ServerResponse;
}

export interface LiveQueueOptions {
  ticketEvents: TicketEvents;
  bus: EventBus;
  logger: Logger;
  heartbeatMs?: number;
}

export class LiveQueue {
  private readonly clients = new Set<LiveClient>();
  private unsubscribe: Unsubscribe | undefined;
  private stopReconnect: Unsubscribe | undefined;
  private subscribing: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: LiveQueueOptions) {}

  /** Starts streaming to `res` (headers written here); resolves when the stream ends. */
  async attach(client: LiveClient): Promise<void> {
    if (this.closed) {
      client.res.statusCode = 503;
      client.res.end();
      return;
    }
    await this.ensureSubscribed();
    const { res } = client;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream and deliver events in lumps.
      'X-Accel-Buffering': 'no',
    });
    // A browser reconnects by itself after this many ms when the connection drops.
    res.write('retry: 3000\n\n');
    this.send(client, 'hello', {});
    this.clients.add(client);
    this.startHeartbeat();
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.clients.delete(client);
        resolve();
      };
      res.once('close', done);
      res.once('finish', done);
    });
  }

  get size(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    this.stopReconnect?.();
    for (const client of [...this.clients]) client.res.end();
    this.clients.clear();
  }

  private ensureSubscribed(): Promise<void> {
    this.subscribing ??= (async () => {
      this.unsubscribe = await this.o.ticketEvents.subscribe((event) => this.dispatch(event));
      this.stopReconnect = this.o.bus.onReconnect(() => {
        for (const client of this.clients) this.send(client, 'resync', {});
      });
    })();
    return this.subscribing;
  }

  private dispatch(event: TicketEvent): void {
    const payload = {
      type: event.type,
      change: event.change,
      ticketId: event.ticketId,
      code: event.code,
      status: event.status,
      communeId: event.communeId,
    };
    for (const client of this.clients) {
      if (inScope(client.scope, event.communeId)) this.send(client, 'ticket', payload);
    }
  }

  private send(client: LiveClient, event: string, data: unknown): void {
    if (client.res.writableEnded) return;
    client.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.beat(), this.o.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
  }

  private async beat(): Promise<void> {
    for (const client of [...this.clients]) {
      let valid = false;
      try {
        valid = await client.stillValid();
      } catch (err) {
        // The database hiccuped: keep the stream; the next beat checks again.
        this.o.logger.warn({ err }, 'live queue: session check failed');
        valid = true;
      }
      if (!valid) {
        this.send(client, 'session-ended', {});
        client.res.end();
        this.clients.delete(client);
      } else if (!client.res.writableEnded) {
        client.res.write(': ping\n\n');
      }
    }
  }
}
