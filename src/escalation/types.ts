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
}

export type MessageAuthor = 'citizen' | 'staff' | 'system';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'not_applicable';

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
}
