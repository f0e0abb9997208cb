/**
 * Tickets: what a citizen forwards to the commune police, and everything that happens to it.
 * Shared vocabulary of the escalation dialog (citizen side), the staff console and the channels that deliver replies.
 */

/** mới → đang xử lý → đã trả lời → đã đóng; a citizen writing after closure reopens (back to `new`). */
export type TicketStatus = 'new' | 'in_progress' | 'answered' | 'closed';
export type TicketKind = 'question' | 'scam_report';
export type ChannelId = 'directline' | 'zalo-oa' | 'zalo-bot' | 'emulator' | string;

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'Mới',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};

export interface Ticket {
  id: number;
  /** Shown to the citizen: `TH-20251127-0042` (province code, local date, per-day sequence). */
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  communeId: string;
  channel: ChannelId;
  /** botbuilder ConversationReference (JSON) used for proactive replies in the conversation the citizen came from. */
  conversationRef: string;
  /** The question or report, masked before storage. */
  subject: string;
  /** Only with explicit consent; null otherwise. */
  phone: string | null;
  assignedTo: number | null;
  createdAt: number;
  updatedAt: number;
  firstReplyAt: number | null;
  closedAt: number | null;
  /** Set when the channel cannot deliver any more (e.g. Zalo's 7-day window): the citizen must write again or be called. */
  deliveryProblem: string | null;
  /** The channel's conversation and user ids (from `conversationRef`), to recognise the citizen who filed it. */
  conversationId: string;
  userId: string;
  /** When the retention purge removed the transcript (subject, messages, phone); the row stays for statistics. */
  purgedAt: number | null;
}

export type MessageAuthor = 'citizen' | 'staff' | 'system';
/** `sending`: one instance has taken the reply and is sending it now (see `replyDelivery`). */
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'not_applicable';

export interface TicketMessage {
  id: number;
  ticketId: number;
  author: MessageAuthor;
  /** Staff account id for staff messages. */
  staffId: number | null;
  /** Masked text. */
  body: string;
  /** Internal notes are never sent to the citizen. */
  internal: boolean;
  createdAt: number;
  delivery: DeliveryStatus;
  deliveryError: string | null;
}

export interface NewTicket {
  kind: TicketKind;
  communeId: string;
  channel: ChannelId;
  conversationRef: string;
  subject: string;
  phone: string | null;
  /** Earlier masked transcript lines to attach (the unanswered question, the pasted scam message…). */
  transcript: string[];
  /**
   * Idempotency key chosen when the citizen is shown the summary: creating twice with the same key (a retried
   * request, a turn re-run after a crash) returns the ticket filed the first time instead of a second one.
   */
  requestKey?: string;
}

/** Who may see what in `list`: an officer's communes, or every commune (supervisors). */
export type CommuneScope = { communeIds: readonly string[] } | { all: true };

export type TicketSort = 'newest' | 'oldest' | 'recently_updated';

export interface TicketFilter {
  scope: CommuneScope;
  status?: TicketStatus | readonly TicketStatus[];
  kind?: TicketKind;
  channel?: ChannelId;
  /** Free text: matched without case or diacritics against the code, the subject and the citizen's messages. */
  q?: string;
  /** Created at or after / strictly before (ms since epoch). */
  from?: number;
  to?: number;
  assignedTo?: number | null;
  sort?: TicketSort;
  limit: number;
  offset?: number;
}

export interface TicketPage {
  tickets: Ticket[];
  /** Matching tickets in all pages. */
  total: number;
}

export type ClaimResult =
  | { ok: true; ticket: Ticket }
  /** Someone else holds it (`assignedTo`), or the ticket does not exist (`ticket` undefined). */
  | { ok: false; ticket: Ticket | undefined };

/** Announced on the event bus after a change is committed; ids only (the bus is a hint, the database the record). */
export interface TicketEvent {
  type: 'created' | 'updated';
  ticketId: number;
  code: string;
  communeId: string;
  status: TicketStatus;
  /** What happened, for a console deciding whether to play its cue. */
  change: 'created' | 'citizen_message' | 'staff_reply' | 'note' | 'claimed' | 'status' | 'delivery';
}
