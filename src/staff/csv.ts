/**
 * CSV for the ticket export, made for the spreadsheet an officer will open it in:
 * - RFC 4180 quoting (commas, quotes and line breaks inside a field survive);
 * - CRLF line ends and a UTF-8 byte-order mark, without which Excel shows Vietnamese as mojibake;
 * - a field starting with = + - @ (or a tab/CR) is prefixed with ' so a spreadsheet never runs what a citizen typed
 *   as a formula ("CSV injection").
 */
import { localDateTime } from './localDates';
import { TICKET_STATUS_LABELS, type Ticket } from '../escalation/types';
import { CHANNEL_LABELS, KIND_LABELS } from './ticketViews';

export const CSV_BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const TICKET_CSV_HEADER = [
  'Mã phiếu',
  'Loại',
  'Trạng thái',
  'Xã/phường',
  'Kênh',
  'Tạo lúc',
  'Trả lời đầu tiên lúc',
  'Thời gian tới trả lời đầu tiên (phút)',
  'Đóng lúc',
  'Cán bộ xử lý',
  'Nội dung',
];

export function ticketCsvRow(ticket: Ticket, communeName: string, assigneeName: string | null): string {
  const minutesToReply = ticket.firstReplyAt === null ? null : Math.round((ticket.firstReplyAt - ticket.createdAt) / 60_000);
  return csvRow([
    ticket.code,
    KIND_LABELS[ticket.kind] ?? ticket.kind,
    TICKET_STATUS_LABELS[ticket.status] ?? ticket.status,
    communeName,
    CHANNEL_LABELS[ticket.channel] ?? ticket.channel,
    localDateTime(ticket.createdAt),
    ticket.firstReplyAt === null ? null : localDateTime(ticket.firstReplyAt),
    minutesToReply,
    ticket.closedAt === null ? null : localDateTime(ticket.closedAt),
    assigneeName,
    ticket.purgedAt === null ? ticket.subject : '(đã xóa theo thời hạn lưu trữ)',
  ]);
}
