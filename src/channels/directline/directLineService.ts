/**
 * Direct Line 3.0 as the official clients (botframework-directlinejs, Web Chat) use it, without HTTP: routes.ts
 * maps requests onto these methods, and every refusal is an {@link HttpError} with the status the clients expect
 * (401 no or bad token, 403 another conversation's or an expired token, 404 unknown conversation).
 *
 * Data flow: a user's activity is stamped, stored (that stored copy is the echo Web Chat waits for; storing it also
 * announces it on the event bus, see {@link ConversationStore}), then delivered to the bot; the bot's replies come
 * back through {@link DirectLineService.receiveFromBot} (from the in-process adapter, or the Bot Framework callback
 * routes for a bot elsewhere) and are stored, and so announced, the same way.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Activity, ChannelAccount } from 'botbuilder';
import { isForeignKeyViolation } from '../../storage/errors';
import type { Logger } from '../../logging';
import { HttpError } from './http/httpErrors';
import type { ConversationStore, StoredActivity } from './conversationStore';
import type { LocalChannel } from './inProcessAdapter';
import { randomId } from './randomIds';
import type { TokenSigner } from './tokens';

/** Hands an activity to the bot and resolves when the bot's turn is over. */
export interface BotConnector {
  deliver(activity: Partial<Activity>): Promise<void>;
}

export type Caller = { kind: 'secret' } | { kind: 'token'; conversationId: string; userId: string };

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

export interface DirectLineServiceOptions {
  /** Announces what it stores on the event bus: open streams, on any instance, push it. */
  store: ConversationStore;
  signer: TokenSigner;
  bot: BotConnector;
  /** Base URL the bot replies to (the Bot Framework callback routes of this server), e.g. `http://127.0.0.1:3978`. */
  serviceUrl: () => string;
  botAccount: { id: string; name: string };
  /** Applied to what citizens type before it is stored (OTPs, card numbers); identity when absent. */
  maskText?: (text: string) => string;
  logger: Logger;
  now?: () => number;
}

/** Activity types a client may post; typing is acknowledged but neither stored nor sent to the bot. */
const CLIENT_TYPES = new Set(['message', 'event', 'typing']);
/** Activity types the bot may send back; everything is stored except typing, which only matters live. */
const BOT_TYPES = new Set(['message', 'event', 'typing', 'endOfConversation', 'handoff', 'messageReaction', 'invoke']);

export function newConversationId(): string {
  return randomId(16, 'base64url');
}

function newActivityId(): string {
  return randomId(9, 'base64url');
}

function newUserId(): string {
  // `dl_` marks ids minted by the service, as Microsoft's Direct Line does; clients may not choose such ids.
  return `dl_${randomId(10, 'hex')}`;
}

/** Parses a watermark; anything that is not a non-negative integer means "from the beginning". */
export function parseWatermark(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return 0;
  return Number(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;
}

export class DirectLineService implements LocalChannel {
  private readonly now: () => number;
  private readonly mask: (text: string) => string;

  constructor(private readonly o: DirectLineServiceOptions) {
    for (const key of ['store', 'signer', 'bot', 'serviceUrl', 'botAccount', 'logger'] as const) {
      if (!o[key]) throw new Error(`[DirectLineService]: Missing parameter "${key}"`);
    }
    this.now = o.now ?? Date.now;
    this.mask = o.maskText ?? ((t) => t);
  }

  get tokenLifetimeSeconds(): number {
    return this.o.signer.conversationTtlSeconds;
  }

  /**
   * `POST /tokens/generate`: a token for a new conversation id; the conversation itself starts on first use.
   * `requestedUserId` comes only from a caller holding the secret (a commune's backend); anonymous callers get a fresh id.
   */
  generateToken(requestedUserId?: unknown): { conversationId: string; token: string; expires_in: number } {
    const userId = acceptableUserId(requestedUserId) ?? newUserId();
    const conversationId = newConversationId();
    return { conversationId, token: this.o.signer.issue(conversationId, userId), expires_in: this.tokenLifetimeSeconds };
  }

  /** `POST /tokens/refresh`: the same conversation, a new expiry. */
  refreshToken(caller: Caller): { conversationId: string; token: string; expires_in: number } {
    if (caller.kind !== 'token') throw new HttpError(403, 'Chỉ làm mới được token của một cuộc trò chuyện, không phải khóa bí mật.');
    return {
      conversationId: caller.conversationId,
      token: this.o.signer.issue(caller.conversationId, caller.userId),
      expires_in: this.tokenLifetimeSeconds,
    };
  }

  /**
   * `POST /conversations`. With a token, starts (or rejoins) the token's conversation; with the secret, starts a new
   * one. Only a conversation that did not exist yet greets the bot, so a retried request never welcomes twice.
   */
  async startConversation(caller: Caller, body: Record<string, unknown>, origin: string): Promise<{ status: 200 | 201; body: ConversationResponse }> {
    const user = isRecord(body.user) ? body.user : {};
    const conversationId = caller.kind === 'token' ? caller.conversationId : newConversationId();
    const userId = caller.kind === 'token' ? caller.userId : (acceptableUserId(user.id) ?? newUserId());
    const created = await this.o.store.create({ id: conversationId, userId, createdAt: this.now() });
    const response = this.conversationResponse(conversationId, userId, origin, 0);
    if (!created) return { status: 200, body: response };

    this.o.logger.info({ conversationId }, 'directline conversation started');
    const locale = optionalString(body.locale, 20);
    const member: ChannelAccount = { id: userId, name: optionalString(user.name, 100) ?? '', role: 'user' };
    await this.deliverToBot({
      type: 'conversationUpdate',
      id: newActivityId(),
      timestamp: new Date(this.now()),
      channelId: 'directline',
      conversation: { id: conversationId } as Activity['conversation'],
      from: member,
      recipient: this.botAccount(),
      membersAdded: [member, this.botAccount()],
      ...(locale ? { locale } : {}),
    });
    return { status: 201, body: response };
  }

  /** `GET /conversations/{id}?watermark=`: a fresh token and stream URL to resume after a reload or a dropped socket. */
  async reconnect(caller: Caller, conversationId: string, watermark: number, origin: string): Promise<ConversationResponse> {
    const conversation = await this.authorize(caller, conversationId);
    return this.conversationResponse(conversationId, conversation.userId, origin, watermark);
  }

  /** `GET /conversations/{id}/activities?watermark=`: what was stored after the watermark. */
  async activities(caller: Caller, conversationId: string, watermark: number): Promise<ActivitySet> {
    await this.authorize(caller, conversationId);
    return toActivitySet(await this.o.store.after(conversationId, watermark), watermark);
  }

  /** `POST /conversations/{id}/activities`: store the echo (which announces it), hand it to the bot, answer its id. */
  async postActivity(caller: Caller, conversationId: string, raw: Record<string, unknown>): Promise<{ id: string }> {
    const type = raw.type;
    // A conversation token was signed for this conversation and its user when the conversation started, so a message
    // needs no lookup: storing it is the existence check (the history's foreign key, a 404). Anything not stored
    // (typing) and the secret's callers look the conversation up.
    const conversation =
      caller.kind === 'token' && type !== 'typing' ? this.claimedBy(caller, conversationId) : await this.authorize(caller, conversationId);
    if (typeof type !== 'string' || !CLIENT_TYPES.has(type)) {
      throw new HttpError(400, 'Hoạt động phải có "type" là message, event hoặc typing.');
    }
    if (raw.text !== undefined && typeof raw.text !== 'string') throw new HttpError(400, 'Trường "text" phải là chuỗi.');
    const id = newActivityId();
    if (type === 'typing') return { id };

    const from = isRecord(raw.from) ? raw.from : {};
    const activity: Partial<Activity> = {
      type,
      id,
      timestamp: new Date(this.now()).toISOString() as unknown as Date,
      // Always `directline`, as Microsoft's service does whatever the client claims: the bot keys its state by
      // channel, and the welcome (sent before any client activity) must land in the same conversation state.
      channelId: 'directline',
      conversation: { id: conversationId } as Activity['conversation'],
      from: { id: conversation.userId, name: optionalString(from.name, 100) ?? '', role: 'user' },
      recipient: this.botAccount(),
      ...(typeof raw.text === 'string' ? { text: raw.text } : {}),
      ...pick(raw, ['textFormat', 'locale', 'localTimezone', 'localTimestamp', 'name', 'value', 'entities', 'channelData', 'attachments']),
    };
    // The history (and so the echo on screen) keeps the masked text; the bot gets what was typed, masks it itself
    // before keeping anything, and can warn the citizen that a secret was sent.
    // Stored before the bot runs, so the question comes before its answers in the history.
    await this.append(conversationId, [typeof raw.text === 'string' ? { ...activity, text: this.mask(raw.text) } : activity]);
    await this.deliverToBot({ ...activity, serviceUrl: this.o.serviceUrl() });
    return { id };
  }

  /** The `serviceUrl` stamped on what this service hands to the bot: where the bot's replies come back to. */
  serviceUrl(): string {
    return this.o.serviceUrl();
  }

  /**
   * Bot replies (or proactive messages) for `conversationId`, stored in order: one at a time from the Bot Framework
   * callback routes (`replyToId` from the URL), or all of one `sendActivities` call from the in-process adapter, in
   * one write. Like separate calls would, an invalid activity is refused only after those before it are stored.
   */
  async receiveFromBot(conversationId: string, activities: ReadonlyArray<Record<string, unknown>>, replyToId?: string): Promise<{ id: string }[]> {
    const responses: { id: string }[] = [];
    const toStore: Partial<Activity>[] = [];
    let refusal: HttpError | undefined;
    for (const raw of activities) {
      const type = raw.type;
      if (typeof type !== 'string' || !BOT_TYPES.has(type)) {
        refusal = new HttpError(400, 'Hoạt động của bot thiếu "type" hợp lệ.');
        break;
      }
      const id = newActivityId();
      responses.push({ id });
      if (type === 'typing') continue;
      const from = isRecord(raw.from) ? raw.from : {};
      const { serviceUrl: _serviceUrl, ...rest } = raw;
      toStore.push({
        ...rest,
        id,
        timestamp: new Date(this.now()).toISOString(),
        conversation: { id: conversationId },
        // Web Chat draws anything whose role is not `user` on the bot's side.
        from: { ...this.botAccount(), ...from, role: 'bot' },
        ...(replyToId ? { replyToId } : {}),
      } as unknown as Partial<Activity>);
    }
    // No lookup first: the history's foreign key refuses an unknown conversation (404); look up only if nothing is stored.
    if (toStore.length > 0) await this.append(conversationId, toStore);
    else if (!(await this.o.store.get(conversationId))) throw new HttpError(404, 'Không có cuộc trò chuyện này.');
    if (refusal) throw refusal;
    return responses;
  }

  /** Direct Line 3.0 has no way to change what a client already received: refused, as the callback routes do (405). */
  async updateFromBot(_conversationId: string, _activityId: string, _activity: Partial<Activity>): Promise<{ id: string }> {
    throw new HttpError(405, 'Kênh Direct Line này không hỗ trợ sửa tin đã gửi.');
  }

  /** As for updates: a sent activity stays in the history (405). */
  async deleteFromBot(_conversationId: string, _activityId: string): Promise<void> {
    throw new HttpError(405, 'Kênh Direct Line này không hỗ trợ xoá tin đã gửi.');
  }

  /**
   * Puts a message from the channel itself into the conversation (e.g. "you are sending too fast"): stored and
   * streamed like a bot reply, without a turn of the bot. Only for the caller's own conversation.
   */
  async notice(caller: Caller, conversationId: string, text: string): Promise<void> {
    await this.authorize(caller, conversationId);
    await this.append(conversationId, [
      {
        type: 'message',
        id: newActivityId(),
        timestamp: new Date(this.now()).toISOString() as unknown as Date,
        channelId: 'directline',
        conversation: { id: conversationId } as Activity['conversation'],
        from: this.botAccount(),
        text,
      },
    ]);
  }

  /** Checks a stream token (from a WebSocket URL) against the conversation it claims. */
  async authorizeStream(token: string, conversationId: string): Promise<void> {
    const check = this.o.signer.verify(token, 'stream');
    if (!check.ok) throw new HttpError(check.reason === 'expired' ? 403 : 401);
    await this.authorize({ kind: 'token', conversationId: check.claims.conv, userId: check.claims.sub }, conversationId);
  }

  /** Resolves the `Authorization` header to a caller; 401 when absent or forged, 403 when expired. */
  authenticate(header: string | undefined, secret: string | undefined): Caller {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match || match[1] === 'undefined') throw new HttpError(401);
    const presented = match[1]!;
    if (secret && safeEqual(presented, secret)) return { kind: 'secret' };
    const check = this.o.signer.verify(presented);
    if (check.ok) return { kind: 'token', conversationId: check.claims.conv, userId: check.claims.sub };
    if (check.reason === 'expired') throw new HttpError(403, 'Token đã hết hạn; hãy tải lại trang để bắt đầu lại.', 'TokenExpired');
    throw new HttpError(401);
  }

  /** What a conversation token vouches for: its own conversation, and the user it was issued to. */
  private claimedBy(caller: Extract<Caller, { kind: 'token' }>, conversationId: string): { userId: string } {
    if (caller.conversationId !== conversationId) throw new HttpError(403);
    return { userId: caller.userId };
  }

  private async authorize(caller: Caller, conversationId: string): Promise<{ userId: string }> {
    if (caller.kind === 'token' && caller.conversationId !== conversationId) throw new HttpError(403);
    const conversation = await this.o.store.get(conversationId);
    if (!conversation) throw new HttpError(404, 'Không có cuộc trò chuyện này.');
    return conversation;
  }

  /**
   * Appends to the history (which announces it) and answers the last watermark; a conversation that does not exist
   * (or was purged) is a 404.
   */
  private append(conversationId: string, activities: Partial<Activity>[]): Promise<number> {
    return this.o.store.appendAll(conversationId, activities, this.now()).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? new HttpError(404, 'Không có cuộc trò chuyện này.') : err;
    });
  }

  private async deliverToBot(activity: Partial<Activity>): Promise<void> {
    try {
      await this.o.bot.deliver({ serviceUrl: this.o.serviceUrl(), ...activity });
    } catch (err) {
      this.o.logger.error({ err, conversationId: activity.conversation?.id, type: activity.type }, 'bot did not accept the activity');
      throw new HttpError(502);
    }
  }

  private conversationResponse(conversationId: string, userId: string, origin: string, watermark: number): ConversationResponse {
    const streamToken = this.o.signer.issue(conversationId, userId, 'stream');
    const wsOrigin = origin.replace(/^http/, 'ws');
    const query = `t=${encodeURIComponent(streamToken)}${watermark > 0 ? `&watermark=${watermark}` : ''}`;
    return {
      conversationId,
      token: this.o.signer.issue(conversationId, userId),
      expires_in: this.tokenLifetimeSeconds,
      streamUrl: `${wsOrigin}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query}`,
    };
  }

  private botAccount(): ChannelAccount {
    return { id: this.o.botAccount.id, name: this.o.botAccount.name, role: 'bot' };
  }
}

export function toActivitySet(items: StoredActivity[], watermark: number): ActivitySet {
  const last = items.length > 0 ? items[items.length - 1]!.seq : watermark;
  return { activities: items.map((i) => i.activity), watermark: String(last) };
}

/** A user id proposed by a trusted caller (one holding the secret): short and printable, or ignored. */
function acceptableUserId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.:@-]{1,64}$/.test(value) ? value : undefined;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
