/**
 * The retention rule for tickets: a ticket closed more than N days ago loses its transcript (messages, question,
 * phone, conversation reference, user ids) and keeps what statistics need (code, commune, kind, channel, status and
 * times), marked with `purged_at`. A ticket reopened and closed again after a purge is purged again later.
 * Separate from the repository so `donghanh data purge` runs without the knowledge folder.
 */
import type { Database } from '../storage/database';

export interface PurgeResult {
  /** Tickets whose transcript was (or, in a dry run, would be) removed. */
  tickets: number;
  /** Messages deleted (or that would be). */
  messages: number;
}

export interface PurgeOptions {
  now?: number;
  /** Count only; change nothing. */
  dryRun?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Closed before the cutoff ($1) and not purged since its last change. */
const DUE = `status = 'closed' AND closed_at < $1 AND (purged_at IS NULL OR purged_at < updated_at)`;

export async function purgeClosedTranscripts(db: Database, olderThanDays: number, options: PurgeOptions = {}): Promise<PurgeResult> {
  if (!Number.isFinite(olderThanDays) || olderThanDays < 0) throw new RangeError('Số ngày lưu trữ phải là số không âm');
  const at = options.now ?? Date.now();
  const cutoff = at - olderThanDays * DAY_MS;
  if (options.dryRun) {
    const row = await db.queryOne<{ tickets: number; messages: number }>(
      `SELECT COUNT(*) AS tickets, COALESCE(SUM((SELECT COUNT(*) FROM ticket_messages m WHERE m.ticket_id = t.id)), 0) AS messages
       FROM tickets t WHERE ${DUE}`,
      [cutoff],
    );
    return { tickets: Number(row?.tickets ?? 0), messages: Number(row?.messages ?? 0) };
  }
  return db.transaction(async (tx) => {
    const deleted = await tx.execute(`DELETE FROM ticket_messages WHERE ticket_id IN (SELECT id FROM tickets WHERE ${DUE})`, [cutoff]);
    const updated = await tx.execute(
      `UPDATE tickets SET subject = '', phone = NULL, conversation_ref = '{}', conversation_id = '', user_id = '',
         delivery_problem = NULL, request_key = NULL, search_text = LOWER(code), purged_at = $2, updated_at = $2
       WHERE ${DUE}`,
      [cutoff, at],
    );
    return { tickets: updated.rowCount, messages: deleted.rowCount };
  });
}
