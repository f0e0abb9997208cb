/**
 * Cluster-wide gauges read from the shared database when Prometheus scrapes: tickets by commune and status, and the
 * depths of the queues work waits in. Every instance reports the same values (use `max()` across instances).
 * Each query is bounded in time; when the database is slow the scrape still answers, without these values.
 */
import type { Logger } from '../logging';
import type { Database } from '../storage/database';
import type { AppMetrics } from './appMetrics';

const QUERY_TIMEOUT_MS = 2000;

export function registerDatabaseGauges(metrics: AppMetrics, db: Database, logger: Logger): void {
  const read = async <T>(what: string, sql: string): Promise<T[] | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        db.query<T>(sql),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('quá thời gian chờ')), QUERY_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      logger.warn({ err, gauge: what }, 'metrics: database gauge not read');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  metrics.gauge('donghanh_tickets', 'Tickets in the database by commune and status (cluster-wide)', ['commune', 'status'], async (g) => {
    const rows = await read<{ commune_id: string; status: string; n: number }>(
      'tickets',
      'SELECT commune_id, status, COUNT(*) AS n FROM tickets GROUP BY commune_id, status',
    );
    if (!rows) return;
    g.reset();
    for (const r of rows) g.set({ commune: r.commune_id, status: r.status }, Number(r.n));
  });

  metrics.gauge(
    'donghanh_staff_replies_undelivered',
    'Staff replies not yet delivered to the citizen, by delivery state (cluster-wide)',
    ['delivery'],
    async (g) => {
      const rows = await read<{ delivery: string; n: number }>(
        'staff replies',
        `SELECT delivery, COUNT(*) AS n FROM ticket_messages WHERE delivery IN ('pending', 'sending', 'failed') GROUP BY delivery`,
      );
      if (!rows) return;
      for (const state of ['pending', 'sending', 'failed']) g.set({ delivery: state }, Number(rows.find((r) => r.delivery === state)?.n ?? 0));
    },
  );

  metrics.gauge(
    'donghanh_zalo_outbound_queue',
    'Messages waiting in the durable Zalo send queue, by channel and state (cluster-wide)',
    ['channel', 'status'],
    async (g) => {
      const rows = await read<{ channel: string; status: string; n: number }>(
        'zalo queue',
        `SELECT channel, status, COUNT(*) AS n FROM zalo_outbound WHERE status IN ('pending', 'sending') GROUP BY channel, status`,
      );
      if (!rows) return;
      g.reset();
      for (const r of rows) g.set({ channel: r.channel, status: r.status }, Number(r.n));
    },
  );
}
