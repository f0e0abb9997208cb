/**
 * Photos, files, locations and contact details a citizen sends through Zalo, kept for the police when the citizen is
 * filing a report: added at once to the ticket the conversation has open, or held (at most `holdMs`, default one
 * day) and added to the ticket when the citizen finishes filing it. Held items nobody filed are deleted: the channel
 * keeps no citizen data without a ticket to go with it.
 *
 * Several instances receive the "ticket created" event; claiming the held rows is one conditional UPDATE, so the
 * items are added to the ticket exactly once.
 */
import type { Database } from '../../storage/database';
import type { Logger } from '../../logging';
import type { TicketRepository } from '../../escalation/ticketRepository';
import type { Ticket, TicketEvent } from '../../escalation/types';
import { parseMobileNumber } from '../../escalation/phone';
import { zaloStaffText as S, zaloText } from './messages';
import type { OaAttachment } from './oaEvents';

export type ExtraKind = 'attachment' | 'contact';

export type KeepResult = { kind: 'added'; ticketCode: string } | { kind: 'held' };

export interface TicketExtrasOptions {
  db: Database;
  tickets: Pick<TicketRepository, 'findOpenForConversation' | 'appendCitizenMessage' | 'get'>;
  logger: Logger;
  now?: () => number;
  holdMs?: number;
}

export class TicketExtras {
  private readonly now: () => number;
  private readonly holdMs: number;

  constructor(private readonly o: TicketExtrasOptions) {
    this.now = o.now ?? Date.now;
    this.holdMs = o.holdMs ?? 24 * 60 * 60_000;
  }

  /** Adds the line to the conversation's open ticket, or holds it for the ticket being filed. */
  async keep(channel: string, conversationId: string, kind: ExtraKind, line: string): Promise<KeepResult> {
    const open = await this.o.tickets.findOpenForConversation(channel, conversationId);
    if (open) {
      await this.o.tickets.appendCitizenMessage(open.id, line);
      this.o.logger.info({ ticket: open.code, channel, kind }, 'zalo extra added to the open ticket');
      return { kind: 'added', ticketCode: open.code };
    }
    await this.o.db.execute(
      'INSERT INTO zalo_pending_items (channel, conversation_id, kind, body, received_at) VALUES ($1, $2, $3, $4, $5)',
      [channel, conversationId, kind, line, this.now()],
    );
    return { kind: 'held' };
  }

  /** A ticket was filed: adds what its conversation sent meanwhile. Returns how many items were added. */
  async onTicketCreated(event: Pick<TicketEvent, 'ticketId' | 'type'>, channels: ReadonlySet<string>): Promise<number> {
    if (event.type !== 'created') return 0;
    const ticket = await this.o.tickets.get(event.ticketId);
    if (!ticket || !channels.has(ticket.channel)) return 0;
    return this.attachHeld(ticket);
  }

  async attachHeld(ticket: Ticket): Promise<number> {
    const claimed = await this.o.db.query<{ id: number; body: string }>(
      `UPDATE zalo_pending_items SET ticket_id = $1
       WHERE channel = $2 AND conversation_id = $3 AND ticket_id IS NULL AND received_at >= $4
       RETURNING id, body`,
      [ticket.id, ticket.channel, ticket.conversationId, this.now() - this.holdMs],
    );
    const ordered = [...claimed].sort((a, b) => Number(a.id) - Number(b.id));
    for (const item of ordered) await this.o.tickets.appendCitizenMessage(ticket.id, item.body);
    if (ordered.length > 0) {
      await this.o.db.execute('DELETE FROM zalo_pending_items WHERE ticket_id = $1', [ticket.id]);
      this.o.logger.info({ ticket: ticket.code, items: ordered.length }, 'zalo extras added to the new ticket');
    }
    return ordered.length;
  }

  /** Deletes held items older than the hold (never filed). */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.o.db.execute('DELETE FROM zalo_pending_items WHERE received_at < $1', [this.now() - this.holdMs]);
    return rowCount;
  }
}

/** The officer-facing line for an attachment: what it is and where to see it. */
export function describeAttachment(eventName: string, attachment: OaAttachment | undefined): { kindLabel: string; line: string } {
  const type = attachment?.type ?? eventName.replace(/^user_send_/, '');
  const kindLabel = zaloText.kindLabels[type] ?? zaloText.kindLabels[eventName.replace(/^user_send_/, '')] ?? 'tệp';
  const p = attachment?.payload ?? {};
  const coordinates = (p.coordinates ?? {}) as Record<string, unknown>;
  let detail: string;
  if (type === 'location' && coordinates.latitude !== undefined && coordinates.longitude !== undefined) {
    detail = S.location(String(coordinates.latitude), String(coordinates.longitude));
  } else {
    const url = str(p.url) ?? str(p.thumbnail) ?? '';
    const name = str(p.name) ?? str(p.description);
    detail = [name, url].filter(Boolean).join(' — ') || '(Zalo không gửi kèm đường dẫn)';
  }
  return { kindLabel, line: S.attachment(kindLabel, detail) };
}

/** The officer-facing line for `user_submit_info`; field names differ between Zalo's documents, so both are read. */
export function describeContact(info: Record<string, unknown>): string | undefined {
  const address = (info.full_address ?? {}) as Record<string, unknown>;
  const name = str(info.name);
  const rawPhone = str(info.phone);
  const phone = rawPhone ? (parseMobileNumber(rawPhone) ?? rawPhone) : undefined;
  const addressText = [str(info.address) ?? str(address.user_address), str(info.ward) ?? str(address.user_ward), str(info.district), str(info.city) ?? str(address.user_city)]
    .filter(Boolean)
    .join(', ');
  const fields = [
    ...(name ? [S.contactName(name)] : []),
    ...(phone ? [S.contactPhone(phone)] : []),
    ...(addressText ? [S.contactAddress(addressText)] : []),
  ];
  return fields.length > 0 ? S.contact(fields) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
