/**
 * Tickets in the database: what the escalation dialog files, what the staff console reads and answers, and what
 * the retention purge trims. One implementation for both backends, on the portable SQL of `Database`.
 *
 * Guarantees the rest of the system leans on:
 * - `create` writes the ticket, its day counter and its first messages all or nothing (one transaction on SQLite, one
 *   statement on PostgreSQL), and returns only after the commit: a code the citizen is shown always names a complete
 *   ticket, a crash before the commit leaves nothing, and the day's numbers have no gaps.
 * - the same `requestKey` never files two tickets (a retried confirmation gets the first ticket back);
 * - `claim` has exactly one winner however many officers click at once (a conditional UPDATE);
 * - citizen text is masked here as well as in the dialog, so no caller can store a secret by mistake;
 * - every change is announced on the event bus after its commit (`TicketEvents`).
 */
import type { Database, Queryable } from '../storage/database';
import { isUniqueViolation } from '../storage/errors';
import { fold, normalize } from '../text/normalize';
import { maskSecrets } from './masking';
import { purgeClosedTranscripts, type PurgeResult } from './retention';
import { codePrefix, formatCode } from './ticketCode';
import type { TicketEvents } from './ticketEvents';
import type {
  ClaimResult,
  DeliveryStatus,
  MessageAuthor,
  NewTicket,
  Ticket,
  TicketEvent,
  TicketFilter,
  TicketMessage,
  TicketPage,
  TicketStatus,
} from './types';

export type { PurgeResult } from './retention';

export interface CreatedTicket {
  ticket: Ticket;
  /** False when `requestKey` named a ticket filed earlier, which is returned instead of a new one. */
  created: boolean;
}

export interface TicketChange {
  ticket: Ticket;
  message: TicketMessage;
}

export interface CitizenMessageResult extends TicketChange {
  /** The ticket had been answered or closed and is back in the queue as new. */
  reopened: boolean;
}

export interface TicketRepository {
  create(input: NewTicket): Promise<CreatedTicket>;
  get(id: number): Promise<Ticket | undefined>;
  /** Accepts the canonical code only; use `findTicketCode` to read one out of what a citizen typed. */
  findByCode(code: string): Promise<Ticket | undefined>;
  findByRequestKey(requestKey: string): Promise<Ticket | undefined>;
  /** The most recent ticket of this conversation that is not closed (to offer "add to it" instead of a new one). */
  findOpenForConversation(channel: string, conversationId: string): Promise<Ticket | undefined>;
  /** The most recent ticket of this conversation, whatever its status ("tra cứu" without a code). */
  findLatestForConversation(channel: string, conversationId: string): Promise<Ticket | undefined>;
  list(filter: TicketFilter): Promise<TicketPage>;
  /** Oldest first. Internal notes only when asked for: the citizen side never asks. */
  messages(ticketId: number, options?: { includeInternal?: boolean }): Promise<TicketMessage[]>;
  getMessage(messageId: number): Promise<TicketMessage | undefined>;
  appendCitizenMessage(ticketId: number, body: string): Promise<CitizenMessageResult>;
  /** Stored as `pending` delivery; the ticket becomes `answered` (see `replyDelivery` for sending it). */
  addStaffReply(ticketId: number, staffId: number, body: string): Promise<TicketChange>;
  addNote(ticketId: number, staffId: number, body: string): Promise<TicketChange>;
  claim(ticketId: number, staffId: number): Promise<ClaimResult>;
  setStatus(ticketId: number, status: TicketStatus): Promise<Ticket>;
  markDelivery(messageId: number, status: DeliveryStatus, error?: string | null): Promise<TicketMessage | undefined>;
  /**
   * Takes a staff reply for sending (`pending` or `failed` → `sending`), so that of several instances or clicks exactly
   * one sends it. A reply left `sending` since before `staleBefore` (the sender crashed) may be taken again.
   * Undefined when it is not a reply, is already delivered, or someone else is sending it.
   */
  startDelivery(messageId: number, staleBefore?: number): Promise<TicketChange | undefined>;
  /** Staff replies never sent (`pending`) or left `sending` since before `staleBefore`, oldest first. */
  pendingDeliveries(limit: number, staleBefore?: number): Promise<TicketMessage[]>;
  /**
   * Removes the transcript (messages, subject, phone, conversation reference) of tickets closed more than
   * `olderThanDays` days ago; the rows stay with commune, kind, channel, status and times for statistics.
   */
  purgeTranscripts(olderThanDays: number): Promise<PurgeResult>;
}

export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: number) {
    super(`Không có phiếu số ${ticketId}`);
    this.name = 'TicketNotFoundError';
  }
}

export interface SqlTicketRepositoryOptions {
  /** `settings.province.code` (`TH`): the first part of every code. */
  provinceCode: string;
  events?: TicketEvents;
  now?: () => number;
}

const STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'answered', 'closed'];
const MAX_BODY = 8000;

interface TicketRow {
  id: number;
  code: string;
  kind: string;
  status: string;
  commune_id: string;
  channel: string;
  conversation_id: string;
  user_id: string;
  conversation_ref: string;
  subject: string;
  phone: string | null;
  assigned_to: number | null;
  created_at: number;
  updated_at: number;
  first_reply_at: number | null;
  closed_at: number | null;
  delivery_problem: string | null;
  purged_at: number | null;
}

interface MessageRow {
  id: number;
  ticket_id: number;
  author: string;
  staff_id: number | null;
  body: string;
  internal: number;
  created_at: number;
  delivery: string;
  delivery_error: string | null;
}

const TICKET_COLUMNS = `id, code, kind, status, commune_id, channel, conversation_id, user_id, conversation_ref, subject, phone,
  assigned_to, created_at, updated_at, first_reply_at, closed_at, delivery_problem, purged_at`;
const MESSAGE_COLUMNS = 'id, ticket_id, author, staff_id, body, internal, created_at, delivery, delivery_error';

export class SqlTicketRepository implements TicketRepository {
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly options: SqlTicketRepositoryOptions,
  ) {
    if (!/^[A-Z]{2,4}$/.test(options.provinceCode)) throw new TypeError(`Mã tỉnh "${options.provinceCode}" không hợp lệ`);
    this.now = options.now ?? Date.now;
  }

  async create(input: NewTicket): Promise<CreatedTicket> {
    const ref = readConversationRef(input.conversationRef);
    const subject = cleanBody(input.subject);
    const lines = input.transcript.filter((line) => line.trim()).map((line) => cleanBody(line)).filter((line) => line !== subject);
    const phone = input.phone === null ? null : input.phone.trim() || null;
    const requestKey = input.requestKey?.trim() || null;
    if (!input.communeId.trim()) throw new TypeError('Phiếu phải có xã/phường');

    if (requestKey) {
      const existing = await this.findByRequestKey(requestKey);
      if (existing) return { ticket: existing, created: false };
    }
    const at = this.now();
    const filing: Filing = {
      prefix: codePrefix(this.options.provinceCode, at),
      ticket: [input.kind, input.communeId, input.channel, ref.conversationId, ref.userId, input.conversationRef, subject, phone],
      at,
      requestKey,
      messages: [...lines, subject],
      searchText: searchable([subject, ...lines]),
    };
    let ticket: Ticket;
    try {
      ticket = toTicket(this.db.dialect === 'postgres' ? await fileInOneStatement(this.db, filing) : await fileInTransaction(this.db, filing));
    } catch (err) {
      // Two deliveries of the same confirmation raced: the loser's filing was undone entirely (its number too).
      if (requestKey && isUniqueViolation(err)) {
        const existing = await this.findByRequestKey(requestKey);
        if (existing) return { ticket: existing, created: false };
      }
      throw err;
    }
    await this.announce(ticket, 'created');
    return { ticket, created: true };
  }

  async get(id: number): Promise<Ticket | undefined> {
    return this.one(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1`, [id]);
  }

  async findByCode(code: string): Promise<Ticket | undefined> {
    return this.one(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE code = $1`, [code.trim().toUpperCase()]);
  }

  async findByRequestKey(requestKey: string): Promise<Ticket | undefined> {
    return this.one(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE request_key = $1`, [requestKey]);
  }

  async findOpenForConversation(channel: string, conversationId: string): Promise<Ticket | undefined> {
    return this.one(
      `SELECT ${TICKET_COLUMNS} FROM tickets
       WHERE channel = $1 AND conversation_id = $2 AND status <> 'closed'
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [channel, conversationId],
    );
  }

  async findLatestForConversation(channel: string, conversationId: string): Promise<Ticket | undefined> {
    return this.one(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE channel = $1 AND conversation_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [channel, conversationId],
    );
  }

  async list(filter: TicketFilter): Promise<TicketPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (!('all' in filter.scope)) {
      const ids = [...new Set(filter.scope.communeIds)];
      if (ids.length === 0) return { tickets: [], total: 0 };
      where.push(`commune_id IN (${ids.map(param).join(', ')})`);
    }
    if (filter.status !== undefined) {
      const statuses = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
      for (const s of statuses) if (!STATUSES.includes(s)) throw new TypeError(`Trạng thái "${String(s)}" không hợp lệ`);
      if (statuses.length === 0) return { tickets: [], total: 0 };
      where.push(`status IN (${statuses.map(param).join(', ')})`);
    }
    if (filter.kind) where.push(`kind = ${param(filter.kind)}`);
    if (filter.channel) where.push(`channel = ${param(filter.channel)}`);
    if (filter.from !== undefined) where.push(`created_at >= ${param(filter.from)}`);
    if (filter.to !== undefined) where.push(`created_at < ${param(filter.to)}`);
    if (filter.assignedTo === null) where.push('assigned_to IS NULL');
    else if (filter.assignedTo !== undefined) where.push(`assigned_to = ${param(filter.assignedTo)}`);
    const words = filter.q ? searchKey(filter.q).split(' ').filter(Boolean) : [];
    // Every word must appear (in any order): "dinh hoa can cuoc" finds "Căn cước … Định Hòa".
    for (const word of words.slice(0, 8)) where.push(`search_text LIKE ${param(`%${word}%`)}`);

    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const countRow = await this.db.queryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM tickets ${clause}`, params);
    const order = {
      newest: 'created_at DESC, id DESC',
      oldest: 'created_at ASC, id ASC',
      recently_updated: 'updated_at DESC, id DESC',
    }[filter.sort ?? 'newest'];
    const limit = Math.max(0, Math.min(500, Math.floor(filter.limit)));
    const offset = Math.max(0, Math.floor(filter.offset ?? 0));
    const rows = await this.db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets ${clause} ORDER BY ${order} LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    return { tickets: rows.map(toTicket), total: Number(countRow?.n ?? 0) };
  }

  async messages(ticketId: number, options: { includeInternal?: boolean } = {}): Promise<TicketMessage[]> {
    const rows = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE ticket_id = $1 ${options.includeInternal ? '' : 'AND internal = 0'}
       ORDER BY id`,
      [ticketId],
    );
    return rows.map(toMessage);
  }

  async getMessage(messageId: number): Promise<TicketMessage | undefined> {
    const row = await this.db.queryOne<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE id = $1`, [messageId]);
    return row ? toMessage(row) : undefined;
  }

  async appendCitizenMessage(ticketId: number, body: string): Promise<CitizenMessageResult> {
    const text = cleanBody(body);
    const at = this.now();
    const result = await this.db.transaction(async (tx) => {
      const before = await lockedTicket(tx, ticketId);
      const reopened = before.status === 'answered' || before.status === 'closed';
      const message = await insertMessage(tx, ticketId, 'citizen', null, text, false, at, 'not_applicable');
      // A message after an answer or after closure puts the ticket back in the queue (issue 4).
      const row = await tx.queryOne<TicketRow>(
        `UPDATE tickets SET updated_at = $2, search_text = search_text || ' ' || $3,
           status = CASE WHEN status IN ('answered', 'closed') THEN 'new' ELSE status END,
           closed_at = CASE WHEN status IN ('answered', 'closed') THEN NULL ELSE closed_at END
         WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
        [ticketId, at, searchable([text])],
      );
      return { ticket: toTicket(row!), message, reopened };
    });
    await this.announce(result.ticket, 'citizen_message');
    return result;
  }

  async addStaffReply(ticketId: number, staffId: number, body: string): Promise<TicketChange> {
    const text = cleanBody(body, false);
    const at = this.now();
    const result = await this.db.transaction(async (tx) => {
      await lockedTicket(tx, ticketId);
      const message = await insertMessage(tx, ticketId, 'staff', staffId, text, false, at, 'pending');
      const row = await tx.queryOne<TicketRow>(
        `UPDATE tickets SET status = 'answered', updated_at = $2, first_reply_at = COALESCE(first_reply_at, $2),
           closed_at = NULL, assigned_to = COALESCE(assigned_to, $3)
         WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
        [ticketId, at, staffId],
      );
      return { ticket: toTicket(row!), message };
    });
    await this.announce(result.ticket, 'staff_reply');
    return result;
  }

  async addNote(ticketId: number, staffId: number, body: string): Promise<TicketChange> {
    const text = cleanBody(body, false);
    const at = this.now();
    const result = await this.db.transaction(async (tx) => {
      await lockedTicket(tx, ticketId);
      const message = await insertMessage(tx, ticketId, 'staff', staffId, text, true, at, 'not_applicable');
      const row = await tx.queryOne<TicketRow>(`UPDATE tickets SET updated_at = $2 WHERE id = $1 RETURNING ${TICKET_COLUMNS}`, [
        ticketId,
        at,
      ]);
      return { ticket: toTicket(row!), message };
    });
    await this.announce(result.ticket, 'note');
    return result;
  }

  async claim(ticketId: number, staffId: number): Promise<ClaimResult> {
    // One statement decides: under concurrent clicks only the first UPDATE finds `assigned_to IS NULL`; PostgreSQL
    // re-checks the condition after waiting for the other's row lock, SQLite runs one writer at a time.
    const row = await this.db.queryOne<TicketRow>(
      `UPDATE tickets SET assigned_to = $2, updated_at = $3,
         status = CASE WHEN status = 'new' THEN 'in_progress' ELSE status END
       WHERE id = $1 AND assigned_to IS NULL
       RETURNING ${TICKET_COLUMNS}`,
      [ticketId, staffId, this.now()],
    );
    if (row) {
      const ticket = toTicket(row);
      await this.announce(ticket, 'claimed');
      return { ok: true, ticket };
    }
    const current = await this.get(ticketId);
    // Clicking "nhận xử lý" twice is not a lost race.
    if (current && current.assignedTo === staffId) return { ok: true, ticket: current };
    return { ok: false, ticket: current };
  }

  async setStatus(ticketId: number, status: TicketStatus): Promise<Ticket> {
    if (!STATUSES.includes(status)) throw new TypeError(`Trạng thái "${String(status)}" không hợp lệ`);
    const at = this.now();
    const row = await this.db.queryOne<TicketRow>(
      `UPDATE tickets SET status = $2, updated_at = $3,
         closed_at = CASE WHEN $2 = 'closed' THEN COALESCE(closed_at, $3) ELSE NULL END
       WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
      [ticketId, status, at],
    );
    if (!row) throw new TicketNotFoundError(ticketId);
    const ticket = toTicket(row);
    await this.announce(ticket, 'status');
    return ticket;
  }

  async markDelivery(messageId: number, status: DeliveryStatus, error: string | null = null): Promise<TicketMessage | undefined> {
    const at = this.now();
    const detail = status === 'failed' ? (error ?? 'không rõ lỗi').slice(0, 500) : null;
    const result = await this.db.transaction(async (tx) => {
      const row = await tx.queryOne<MessageRow>(
        `UPDATE ticket_messages SET delivery = $2, delivery_error = $3 WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`,
        [messageId, status, detail],
      );
      if (!row) return undefined;
      // The ticket shows the latest delivery problem until a later reply gets through.
      const ticket = await tx.queryOne<TicketRow>(
        `UPDATE tickets SET delivery_problem = $2, updated_at = $3 WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
        [row.ticket_id, detail, at],
      );
      return { message: toMessage(row), ticket: ticket ? toTicket(ticket) : undefined };
    });
    if (result?.ticket) await this.announce(result.ticket, 'delivery');
    return result?.message;
  }

  async startDelivery(messageId: number, staleBefore = 0): Promise<TicketChange | undefined> {
    const row = await this.db.queryOne<MessageRow>(
      `UPDATE ticket_messages SET delivery = 'sending', delivery_started_at = $2
       WHERE id = $1 AND author = 'staff' AND internal = 0
         AND (delivery IN ('pending', 'failed') OR (delivery = 'sending' AND delivery_started_at < $3))
       RETURNING ${MESSAGE_COLUMNS}`,
      [messageId, this.now(), staleBefore],
    );
    if (!row) return undefined;
    const ticket = await this.get(Number(row.ticket_id));
    return ticket ? { ticket, message: toMessage(row) } : undefined;
  }

  async pendingDeliveries(limit: number, staleBefore = 0): Promise<TicketMessage[]> {
    const rows = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
       WHERE delivery = 'pending' OR (delivery = 'sending' AND delivery_started_at < $2)
       ORDER BY id LIMIT $1`,
      [Math.max(1, Math.floor(limit)), staleBefore],
    );
    return rows.map(toMessage);
  }

  async purgeTranscripts(olderThanDays: number): Promise<PurgeResult> {
    return purgeClosedTranscripts(this.db, olderThanDays, { now: this.now() });
  }

  private async one(sql: string, params: unknown[]): Promise<Ticket | undefined> {
    const row = await this.db.queryOne<TicketRow>(sql, params);
    return row ? toTicket(row) : undefined;
  }

  private async announce(ticket: Ticket, change: TicketEvent['change']): Promise<void> {
    await this.options.events?.publish(ticket, change);
  }
}

/** What filing a ticket writes, whichever way the backend writes it. */
interface Filing {
  /** The day's code prefix (`TH-20251127`): the day counter's key and the code's beginning. */
  prefix: string;
  /** kind, commune_id, channel, conversation_id, user_id, conversation_ref, subject, phone: the statements' $2–$9. */
  ticket: [string, string, string, string, string, string, string, string | null];
  at: number;
  requestKey: string | null;
  /** The citizen's messages, in order: the transcript lines, then the question itself. */
  messages: string[];
  /** The searchable text of those messages (the code's own is added once the number is known). */
  searchText: string;
}

const NEW_TICKET_COLUMNS = `code, kind, status, commune_id, channel, conversation_id, user_id, conversation_ref, subject, phone,
  created_at, updated_at, request_key, search_text`;

/**
 * SQLite: the day counter, the ticket and its messages in one transaction. Writes to SQLite are serialised anyway,
 * and a transaction there is statements in this process, not round trips.
 */
async function fileInTransaction(db: Database, filing: Filing): Promise<TicketRow> {
  return db.transaction(async (tx) => {
    // The first ticket of the day inserts 1, every later one bumps and reads the value under the row lock.
    const counter = await tx.queryOne<{ last_seq: number }>(
      `INSERT INTO ticket_code_counters (prefix, last_seq) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last_seq = ticket_code_counters.last_seq + 1
       RETURNING last_seq`,
      [filing.prefix],
    );
    if (!counter) throw new Error('Không cấp được số phiếu');
    const code = formatCode(filing.prefix, Number(counter.last_seq));
    const row = await tx.queryOne<TicketRow>(
      `INSERT INTO tickets (${NEW_TICKET_COLUMNS})
       VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)
       RETURNING ${TICKET_COLUMNS}`,
      [code, ...filing.ticket, filing.at, filing.requestKey, `${searchKey(code)} ${filing.searchText}`],
    );
    if (!row) throw new Error('Không ghi được phiếu');
    for (const body of filing.messages) await insertMessage(tx, row.id, 'citizen', null, body, false, filing.at, 'not_applicable');
    return row;
  });
}

/**
 * PostgreSQL: the same writes as one statement. Every ticket of the day takes the day counter's row lock, and holds
 * it until its commit; in a transaction of five statements that is five round trips through a busy server, and
 * escalations queued behind it (measured: 40–145 ms waits at 17 tickets a second). In one statement the lock is
 * held for the statement and its commit only. Still all or nothing: a failure anywhere leaves no ticket, no message
 * and no used number, and codes stay gap-free.
 */
async function fileInOneStatement(db: Database, filing: Filing): Promise<TicketRow> {
  const row = await db.queryOne<TicketRow>(
    `WITH counter AS (
       INSERT INTO ticket_code_counters (prefix, last_seq) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last_seq = ticket_code_counters.last_seq + 1
       RETURNING CASE WHEN last_seq < 10000 THEN lpad(last_seq::text, 4, '0') ELSE last_seq::text END AS seq
     ), ticket AS (
       INSERT INTO tickets (${NEW_TICKET_COLUMNS})
       SELECT $1 || '-' || counter.seq, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $10, $11,
              $12 || ' ' || counter.seq || ' ' || $13
       FROM counter
       RETURNING ${TICKET_COLUMNS}
     ), messages AS (
       INSERT INTO ticket_messages (ticket_id, author, staff_id, body, internal, created_at, delivery)
       SELECT ticket.id, 'citizen', NULL, m.body, 0, $10, 'not_applicable'
       FROM ticket, unnest($14::text[]) WITH ORDINALITY AS m (body, n)
       ORDER BY m.n
     )
     SELECT ${TICKET_COLUMNS} FROM ticket`,
    [filing.prefix, ...filing.ticket, filing.at, filing.requestKey, searchKey(filing.prefix), filing.searchText, filing.messages],
  );
  if (!row) throw new Error('Không ghi được phiếu');
  return row;
}

/** Reads the ticket inside a transaction, taking its row lock on PostgreSQL so concurrent changes apply in turn. */
async function lockedTicket(tx: Queryable, ticketId: number): Promise<TicketRow> {
  const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await tx.queryOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1${lock}`, [ticketId]);
  if (!row) throw new TicketNotFoundError(ticketId);
  return row;
}

async function insertMessage(
  tx: Queryable,
  ticketId: number,
  author: MessageAuthor,
  staffId: number | null,
  body: string,
  internal: boolean,
  at: number,
  delivery: DeliveryStatus,
): Promise<TicketMessage> {
  const row = await tx.queryOne<MessageRow>(
    `INSERT INTO ticket_messages (ticket_id, author, staff_id, body, internal, created_at, delivery)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${MESSAGE_COLUMNS}`,
    [ticketId, author, staffId, body, internal, at, delivery],
  );
  if (!row) throw new Error('Không ghi được tin nhắn của phiếu');
  return toMessage(row);
}

/** Citizen text is masked (defence in depth: the dialog masks first, to warn the citizen). */
function cleanBody(body: string, mask = true): string {
  const text = (mask ? maskSecrets(body).text : body.normalize('NFC')).trim();
  if (!text) throw new TypeError('Nội dung không được để trống');
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
}

function searchKey(text: string): string {
  return fold(normalize(text));
}

function searchable(parts: string[]): string {
  return searchKey(parts.join(' '));
}

function readConversationRef(json: string): { conversationId: string; userId: string } {
  let ref: { conversation?: { id?: unknown }; user?: { id?: unknown } };
  try {
    ref = JSON.parse(json) as typeof ref;
  } catch {
    throw new TypeError('conversationRef phải là JSON của một ConversationReference');
  }
  const conversationId = ref?.conversation?.id;
  if (typeof conversationId !== 'string' || !conversationId) throw new TypeError('conversationRef thiếu conversation.id');
  const userId = typeof ref.user?.id === 'string' ? ref.user.id : '';
  return { conversationId, userId };
}

function toTicket(row: TicketRow): Ticket {
  return {
    id: Number(row.id),
    code: row.code,
    kind: row.kind as Ticket['kind'],
    status: row.status as TicketStatus,
    communeId: row.commune_id,
    channel: row.channel,
    conversationRef: row.conversation_ref,
    subject: row.subject,
    phone: row.phone,
    assignedTo: row.assigned_to === null ? null : Number(row.assigned_to),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    firstReplyAt: nullableNumber(row.first_reply_at),
    closedAt: nullableNumber(row.closed_at),
    deliveryProblem: row.delivery_problem,
    conversationId: row.conversation_id,
    userId: row.user_id,
    purgedAt: nullableNumber(row.purged_at),
  };
}

function toMessage(row: MessageRow): TicketMessage {
  return {
    id: Number(row.id),
    ticketId: Number(row.ticket_id),
    author: row.author as MessageAuthor,
    staffId: row.staff_id === null ? null : Number(row.staff_id),
    body: row.body,
    internal: Number(row.internal) === 1,
    createdAt: Number(row.created_at),
    delivery: row.delivery as DeliveryStatus,
    deliveryError: row.delivery_error,
  };
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}
