/**
 * Scam indicators confirmed by staff (`scam_indicators`), on SQLite or PostgreSQL behind the one `Database`. Every
 * change is announced on the event bus after its commit, so each instance's cache (`StoredReportedIndicators`)
 * reloads and all of them flag the same numbers and domains.
 */
import type { Logger } from '../logging';
import type { Database } from '../storage/database';
import type { EventBus } from '../storage/eventBus';
import { type Indicator, type IndicatorKind, normalizeIndicator } from './indicatorValues';

/** The event bus channel; payloads say what happened, subscribers re-read the table. */
export const SCAM_INDICATORS_CHANNEL = 'scam-indicators';

export interface ScamIndicatorEvent {
  change: 'confirmed' | 'removed';
  count: number;
}

export interface ConfirmedIndicator extends Indicator {
  /** The scam report it was confirmed from; null when added another way. */
  ticketId: number | null;
  /** Staff account id; null for the command line. */
  confirmedBy: number | null;
  confirmedAt: number;
}

export interface ConfirmSource {
  ticketId: number | null;
  staffId: number | null;
}

interface Row {
  kind: string;
  value: string;
  ticket_id: number | string | null;
  confirmed_by: number | string | null;
  confirmed_at: number | string;
}

const COLUMNS = 'kind, value, ticket_id, confirmed_by, confirmed_at';

function toIndicator(row: Row): ConfirmedIndicator {
  return {
    kind: row.kind as IndicatorKind,
    value: row.value,
    ticketId: row.ticket_id === null ? null : Number(row.ticket_id),
    confirmedBy: row.confirmed_by === null ? null : Number(row.confirmed_by),
    confirmedAt: Number(row.confirmed_at),
  };
}

/** Normalised, without duplicates; throws on something that is not a phone number or a domain. */
function normalizeAll(items: readonly Indicator[]): Indicator[] {
  const out = new Map<string, Indicator>();
  for (const item of items) {
    const value = normalizeIndicator(item.kind, item.value);
    if (!value) throw new TypeError(`Không phải ${item.kind === 'phone' ? 'số điện thoại' : 'tên miền'} hợp lệ: ${item.value}`);
    out.set(`${item.kind}:${value}`, { kind: item.kind, value });
  }
  return [...out.values()];
}

export class ScamIndicatorRepository {
  constructor(
    private readonly db: Database,
    private readonly options: { events?: EventBus; logger?: Logger; now?: () => number } = {},
  ) {
    if (!db) throw new Error('[ScamIndicatorRepository]: Missing parameter "db"');
  }

  async all(): Promise<ConfirmedIndicator[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM scam_indicators ORDER BY confirmed_at, kind, value`);
    return rows.map(toIndicator);
  }

  async forTicket(ticketId: number): Promise<ConfirmedIndicator[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM scam_indicators WHERE ticket_id = $1 ORDER BY kind, value`, [ticketId]);
    return rows.map(toIndicator);
  }

  /** Adds what is not there yet and returns only those: confirming twice, or from two tickets, keeps the first. */
  async confirm(items: readonly Indicator[], source: ConfirmSource): Promise<ConfirmedIndicator[]> {
    const wanted = normalizeAll(items);
    if (wanted.length === 0) return [];
    const at = (this.options.now ?? Date.now)();
    const added = await this.db.transaction(async (tx) => {
      const out: ConfirmedIndicator[] = [];
      for (const item of wanted) {
        const row = await tx.queryOne<Row>(
          `INSERT INTO scam_indicators (kind, value, ticket_id, confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (kind, value) DO NOTHING
           RETURNING ${COLUMNS}`,
          [item.kind, item.value, source.ticketId, source.staffId, at],
        );
        if (row) out.push(toIndicator(row));
      }
      return out;
    });
    if (added.length > 0) await this.announce({ change: 'confirmed', count: added.length });
    return added;
  }

  /**
   * Undoes confirmations made from `ticketId` (a mistake noticed on the same report); indicators confirmed from
   * another report stay. Returns what was removed.
   */
  async removeFromTicket(items: readonly Indicator[], ticketId: number): Promise<Indicator[]> {
    const wanted = normalizeAll(items);
    const removed: Indicator[] = [];
    await this.db.transaction(async (tx) => {
      for (const item of wanted) {
        const result = await tx.execute('DELETE FROM scam_indicators WHERE kind = $1 AND value = $2 AND ticket_id = $3', [item.kind, item.value, ticketId]);
        if (result.rowCount > 0) removed.push(item);
      }
    });
    if (removed.length > 0) await this.announce({ change: 'removed', count: removed.length });
    return removed;
  }

  /** Never throws: the change is committed; a lost hint is caught up by the caches' reconnect reload. */
  private async announce(event: ScamIndicatorEvent): Promise<void> {
    try {
      await this.options.events?.publish(SCAM_INDICATORS_CHANNEL, event);
    } catch (err) {
      this.options.logger?.warn({ err, change: event.change }, 'scam indicator event not published');
    }
  }
}
