/**
 * Tickets as the console and the JSON API show them: labels in Vietnamese, commune and staff names resolved, and
 * nothing the console does not need (the stored conversation reference stays on the server).
 */
import { TICKET_STATUS_LABELS, type Ticket, type TicketMessage } from '../escalation/types';

export const KIND_LABELS: Record<string, string> = { question: 'Câu hỏi', scam_report: 'Báo lừa đảo' };
export const CHANNEL_LABELS: Record<string, string> = {
  directline: 'Web Chat',
  webchat: 'Web Chat',
  'zalo-oa': 'Zalo OA',
  'zalo-bot': 'Zalo Bot',
  emulator: 'Emulator',
};
export const DELIVERY_LABELS: Record<string, string> = {
  pending: 'Đang chờ gửi',
  sending: 'Đang gửi',
  delivered: 'Đã gửi tới người dân',
  failed: 'Gửi không thành công',
  not_applicable: '',
};

const SUMMARY_LENGTH = 160;

export interface Names {
  commune: (communeId: string) => string;
  staff: ReadonlyMap<number, string>;
}

export interface TicketSummaryView {
  id: number;
  code: string;
  kind: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  communeId: string;
  communeName: string;
  channel: string;
  channelLabel: string;
  /** The first line of the question, shortened for the queue. */
  summary: string;
  createdAt: number;
  updatedAt: number;
  firstReplyAt: number | null;
  closedAt: number | null;
  assignedTo: number | null;
  assigneeName: string | null;
  deliveryProblem: string | null;
  hasPhone: boolean;
  purged: boolean;
}

export interface TicketMessageView {
  id: number;
  author: string;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: number;
  delivery: string;
  deliveryLabel: string;
  deliveryError: string | null;
}

export interface TicketDetailView extends TicketSummaryView {
  subject: string;
  /** Only when the citizen consented to give it. */
  phone: string | null;
  messages: TicketMessageView[];
}

function shorten(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}…` : line;
}

export function summaryView(ticket: Ticket, names: Names): TicketSummaryView {
  return {
    id: ticket.id,
    code: ticket.code,
    kind: ticket.kind,
    kindLabel: KIND_LABELS[ticket.kind] ?? ticket.kind,
    status: ticket.status,
    statusLabel: TICKET_STATUS_LABELS[ticket.status] ?? ticket.status,
    communeId: ticket.communeId,
    communeName: names.commune(ticket.communeId),
    channel: ticket.channel,
    channelLabel: CHANNEL_LABELS[ticket.channel] ?? ticket.channel,
    summary: shorten(ticket.subject),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    firstReplyAt: ticket.firstReplyAt,
    closedAt: ticket.closedAt,
    assignedTo: ticket.assignedTo,
    assigneeName: ticket.assignedTo === null ? null : (names.staff.get(ticket.assignedTo) ?? `#${ticket.assignedTo}`),
    deliveryProblem: ticket.deliveryProblem,
    hasPhone: ticket.phone !== null,
    purged: ticket.purgedAt !== null,
  };
}

export function messageView(message: TicketMessage, names: Names): TicketMessageView {
  const authorName =
    message.author === 'citizen'
      ? 'Người dân'
      : message.author === 'system'
        ? 'Hệ thống'
        : message.staffId === null
          ? 'Cán bộ'
          : (names.staff.get(message.staffId) ?? `Cán bộ #${message.staffId}`);
  return {
    id: message.id,
    author: message.author,
    authorName,
    body: message.body,
    internal: message.internal,
    createdAt: message.createdAt,
    delivery: message.delivery,
    deliveryLabel: DELIVERY_LABELS[message.delivery] ?? message.delivery,
    deliveryError: message.deliveryError,
  };
}

export function detailView(ticket: Ticket, messages: readonly TicketMessage[], names: Names): TicketDetailView {
  return {
    ...summaryView(ticket, names),
    subject: ticket.subject,
    phone: ticket.phone,
    messages: messages.map((m) => messageView(m, names)),
  };
}

/** Staff ids a view of these tickets and messages needs names for. */
export function staffIdsOf(tickets: readonly Ticket[], messages: readonly TicketMessage[] = []): number[] {
  const ids = new Set<number>();
  for (const t of tickets) if (t.assignedTo !== null) ids.add(t.assignedTo);
  for (const m of messages) if (m.staffId !== null) ids.add(m.staffId);
  return [...ids];
}
