/**
 * The Direct Line WebSocket stream: `GET /v3/directline/conversations/{id}/stream?t=<stream token>&watermark=W`.
 * On connect it replays what was stored after the watermark, then pushes each new activity as it is stored.
 * Frames are ActivitySets `{activities, watermark}` (a bare activity would be ignored by directlinejs); frames from
 * the client (its empty-string pings) are ignored.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventBus, Unsubscribe } from '../../storage/eventBus';
import type { Logger } from '../../logging';
import { type ConversationStore, eventChannel } from './conversationStore';
import { parseWatermark, toActivitySet, type DirectLineService } from './directLineService';
import { HttpError } from './http/httpErrors';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

export interface ActivityStreamOptions {
  service: DirectLineService;
  store: ConversationStore;
  events: EventBus;
  logger: Logger;
  /** How often the server pings to find sockets whose peer vanished without closing. */
  heartbeatMs?: number;
  /** Sockets allowed on one conversation at once (tabs of one browser share a conversation). */
  maxSocketsPerConversation?: number;
}

export class ActivityStream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly perConversation = new Map<string, Set<WebSocket>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(private readonly o: ActivityStreamOptions) {
    this.heartbeat = setInterval(() => this.checkAlive(), o.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Takes over `upgrade` requests for stream URLs on `server`; other upgrade paths are refused with 404. */
  attach(server: HttpServer): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.handleUpgrade(req, socket, head);
    });
  }

  /** Closes every socket with "going away" so clients reconnect (to another instance, or after the restart). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  get openSockets(): number {
    return this.wss.clients.size;
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404);
    let conversationId: string;
    try {
      conversationId = decodeURIComponent(match[1]!);
      await this.o.service.authorizeStream(url.searchParams.get('t') ?? '', conversationId);
    } catch (err) {
      return refuse(socket, err instanceof HttpError ? err.status : 400);
    }
    const sockets = this.perConversation.get(conversationId);
    if (sockets && sockets.size >= (this.o.maxSocketsPerConversation ?? 5)) return refuse(socket, 429);
    const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.serve(ws, conversationId, watermark);
    });
  }

  private async serve(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    let sockets = this.perConversation.get(conversationId);
    if (!sockets) this.perConversation.set(conversationId, (sockets = new Set()));
    sockets.add(ws);
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    // Client frames are pings (empty strings) or noise; Direct Line posts activities over HTTP, never here.
    ws.on('message', () => undefined);

    let last = watermark;
    let queue = Promise.resolve();
    // Each pump reads everything after what was last sent, so hints that arrive together, late or twice are harmless.
    const pump = (): void => {
      queue = queue
        .then(async () => {
          if (ws.readyState !== WebSocket.OPEN) return;
          const items = await this.o.store.after(conversationId, last);
          if (items.length === 0 || ws.readyState !== WebSocket.OPEN) return;
          last = items[items.length - 1]!.seq;
          ws.send(JSON.stringify(toActivitySet(items, last)));
        })
        .catch((err: unknown) => {
          this.o.logger.error({ err, conversationId }, 'directline stream could not read the conversation');
          ws.close(1011, 'read failed');
        });
    };

    let unsubscribe: Unsubscribe = () => undefined;
    let stopReconnect: Unsubscribe = () => undefined;
    ws.on('close', () => {
      unsubscribe();
      stopReconnect();
      sockets.delete(ws);
      if (sockets.size === 0) this.perConversation.delete(conversationId);
    });
    try {
      // Subscribe before the first read: an activity stored in between is then both read and announced, never lost.
      unsubscribe = await this.o.events.subscribe(eventChannel(conversationId), pump);
      stopReconnect = this.o.events.onReconnect(pump);
      if (ws.readyState !== WebSocket.OPEN) {
        unsubscribe();
        stopReconnect();
        return;
      }
    } catch (err) {
      this.o.logger.error({ err, conversationId }, 'directline stream could not subscribe');
      ws.close(1011, 'subscribe failed');
      return;
    }
    pump();
  }

  private checkAlive(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

function refuse(socket: Duplex, status: number): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
