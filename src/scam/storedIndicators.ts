/**
 * The staff-confirmed indicators as the checker sees them: an in-memory copy of `scam_indicators`, so a check is a
 * set look-up, never a query. The copy is reloaded whenever any instance announces a change on the event bus (and
 * after the bus reconnects, since announcements made meanwhile are lost); a change made here is applied here at once.
 */
import type { Logger } from '../logging';
import type { EventBus, Unsubscribe } from '../storage/eventBus';
import {
  type ConfirmedIndicator,
  type ConfirmSource,
  SCAM_INDICATORS_CHANNEL,
  type ScamIndicatorRepository,
} from './indicatorRepository';
import type { Indicator, IndicatorKind } from './indicatorValues';
import type { ReportedIndicators } from './reportedIndicators';

const key = (kind: IndicatorKind, value: string): string => `${kind}:${value}`;

export class StoredReportedIndicators implements ReportedIndicators {
  private byKey = new Map<string, ConfirmedIndicator>();
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private readonly stops: Unsubscribe[] = [];

  private constructor(
    private readonly repository: ScamIndicatorRepository,
    private readonly logger?: Logger,
  ) {}

  /** Loads the table and starts listening; resolves once the checker can use it. */
  static async open(repository: ScamIndicatorRepository, events: EventBus, logger?: Logger): Promise<StoredReportedIndicators> {
    const stored = new StoredReportedIndicators(repository, logger);
    // Subscribe first: a change committed between the load and the subscription would otherwise be missed.
    stored.stops.push(await events.subscribe(SCAM_INDICATORS_CHANNEL, () => stored.refresh()));
    stored.stops.push(events.onReconnect(() => void stored.refresh()));
    try {
      stored.replace(await repository.all());
    } catch (err) {
      // Unlike a later reload, the first one must succeed: starting with an empty list would hide every warning.
      stored.close();
      throw err;
    }
    return stored;
  }

  hasPhone(phone: string): boolean {
    return this.byKey.has(key('phone', phone));
  }

  hasDomain(domain: string): boolean {
    return this.byKey.has(key('domain', domain));
  }

  /** Who confirmed it and from which report, if it is confirmed. */
  find(kind: IndicatorKind, value: string): ConfirmedIndicator | undefined {
    return this.byKey.get(key(kind, value));
  }

  get size(): number {
    return this.byKey.size;
  }

  async confirm(items: readonly Indicator[], source: ConfirmSource): Promise<ConfirmedIndicator[]> {
    const added = await this.repository.confirm(items, source);
    for (const item of added) this.byKey.set(key(item.kind, item.value), item);
    return added;
  }

  async removeFromTicket(items: readonly Indicator[], ticketId: number): Promise<Indicator[]> {
    const removed = await this.repository.removeFromTicket(items, ticketId);
    for (const item of removed) this.byKey.delete(key(item.kind, item.value));
    return removed;
  }

  /**
   * Re-reads the table. Loads run one at a time; requests arriving while one is waiting to start share it (it reads
   * after their change anyway). A failed load keeps the previous copy: better slightly stale than empty.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      try {
        this.replace(await this.repository.all());
      } catch (err) {
        this.logger?.warn({ err }, 'scam indicators not reloaded');
      }
    });
    return this.chain;
  }

  private replace(rows: readonly ConfirmedIndicator[]): void {
    this.byKey = new Map(rows.map((row) => [key(row.kind, row.value), row]));
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
