/**
 * De-duplication of webhook deliveries, kept in the database so it holds across restarts and instances. Zalo
 * delivers at least once (and retries for hours when an answer was late), so each event is claimed by its key before
 * the bot sees it, and marked processed after the turn. A retry of an event whose processing was cut short by a crash
 * (claimed long ago, never processed) is processed again rather than lost.
 */
import type { Database } from '../../storage/database';

export interface InboundLogOptions {
  /** A claim older than this without `processed_at` belongs to a process that died mid-turn. */
  staleAfterMs?: number;
  now?: () => number;
}

export class InboundLog {
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(
    private readonly db: Database,
    options: InboundLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? 5 * 60_000;
  }

  /** True when this caller should process the event; false for a duplicate (processed, or being processed). */
  async claim(channel: string, eventKey: string, eventName: string): Promise<boolean> {
    const at = this.now();
    const { rowCount } = await this.db.execute(
      `INSERT INTO zalo_inbound (channel, event_key, event_name, received_at, claimed_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (channel, event_key) DO UPDATE SET claimed_at = excluded.claimed_at
       WHERE zalo_inbound.processed_at IS NULL AND zalo_inbound.claimed_at < $5`,
      [channel, eventKey.slice(0, 300), eventName.slice(0, 100), at, at - this.staleAfterMs],
    );
    return rowCount > 0;
  }

  async markProcessed(channel: string, eventKey: string): Promise<void> {
    await this.db.execute('UPDATE zalo_inbound SET processed_at = $3 WHERE channel = $1 AND event_key = $2', [
      channel,
      eventKey.slice(0, 300),
      this.now(),
    ]);
  }

  /** Keys older than Zalo's longest retry window are no longer needed. */
  async purgeOlderThan(ageMs: number): Promise<number> {
    const { rowCount } = await this.db.execute('DELETE FROM zalo_inbound WHERE received_at < $1', [this.now() - ageMs]);
    return rowCount;
  }
}
