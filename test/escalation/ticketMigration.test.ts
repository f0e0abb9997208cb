import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { migrate } from '../../src/storage/migrate';
import { MIGRATIONS } from '../../src/storage/migrations';
import { backends } from '../storage/backends';

const TICKETS = MIGRATIONS.findIndex((m) => m.id === '020-tickets');

describe.each(backends())('ticket migration on $name', (backend) => {
  test('upgrades a database of the previous version without touching its data, once', async () => {
    expect(TICKETS).toBeGreaterThan(0);
    const db = await backend.open({ migrate: false });
    expect(await migrate(db, MIGRATIONS.slice(0, TICKETS))).toEqual(MIGRATIONS.slice(0, TICKETS).map((m) => m.id));
    await db.execute('INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2, $3, $4)', ['conv/1', '{"a":1}', 'e1', 1]);

    expect(await migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.slice(TICKETS).map((m) => m.id));
    expect(await migrate(db, MIGRATIONS)).toEqual([]);

    expect(await db.queryOne('SELECT value FROM bot_state WHERE key = $1', ['conv/1'])).toEqual({ value: '{"a":1}' });
    const repo = new SqlTicketRepository(db, { provinceCode: 'TH', now: () => Date.UTC(2025, 0, 2) });
    const { ticket } = await repo.create({
      kind: 'question',
      communeId: 'xa-dinh-hoa',
      channel: 'webchat',
      conversationRef: JSON.stringify({ conversation: { id: 'c' }, user: { id: 'u' } }),
      subject: 'Câu hỏi sau khi nâng cấp',
      phone: null,
      transcript: [],
    });
    expect(ticket.code).toBe('TH-20250102-0001');
  });
});
