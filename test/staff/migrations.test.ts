import { migrate } from '../../src/storage/migrate';
import { MIGRATIONS } from '../../src/storage/migrations';
import { openDatabase } from '../../src/storage/openDatabase';
import { backends } from '../storage/backends';
import { CLI_ACTOR, staffServices, TestClock } from './helpers';

const STAFF_MIGRATIONS = MIGRATIONS.filter((m) => m.id.startsWith('03'));
/** The previous version: everything listed before the first staff migration. */
const BEFORE_STAFF = MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.id.startsWith('03')));

describe.each(backends())('$name', (backend) => {
  test('the staff migrations exist and are recorded on a fresh database', async () => {
    expect(STAFF_MIGRATIONS.map((m) => m.id)).toEqual(['030-staff-accounts', '031-staff-audit']);
    const db = await backend.open();
    const ids = (await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(STAFF_MIGRATIONS.map((m) => m.id)));
    const { service } = staffServices(db, new TestClock());
    await expect(service.create(CLI_ACTOR, { username: 'moi.tinh', role: 'admin', password: 'Quản trị viên 2025' })).resolves.toMatchObject({
      role: 'admin',
    });
  });

  test('upgrading a database of the previous version keeps its tickets and adds the staff tables', async () => {
    // A database of its own: a schema (PostgreSQL) or file (SQLite) that has only the migrations before the staff ones.
    const isolated =
      backend.name === 'postgres'
        ? await backend.open({ schema: `${backend.options.schema}_up`, migrate: false })
        : await openDatabase(backend.url.replace(/test\.db$/, 'upgrade.db'), { migrate: false });
    try {
      await migrate(isolated, BEFORE_STAFF);
      await isolated.execute(
        `INSERT INTO tickets (code, kind, status, commune_id, channel, conversation_id, user_id, conversation_ref, subject,
           created_at, updated_at, search_text)
         VALUES ('TH-20251127-0001', 'question', 'new', 'xa-dinh-hoa', 'directline', 'c1', 'u1', '{}', 'Hỏi về cư trú', 1, 1, 'hoi ve cu tru')`,
      );
      expect(await migrate(isolated, MIGRATIONS)).toEqual(expect.arrayContaining(STAFF_MIGRATIONS.map((m) => m.id)));
      expect(await isolated.queryOne('SELECT code, subject FROM tickets')).toEqual({ code: 'TH-20251127-0001', subject: 'Hỏi về cư trú' });
      const { service, audit } = staffServices(isolated, new TestClock());
      await service.create(CLI_ACTOR, { username: 'sau.nang.cap', role: 'officer', communeId: 'xa-dinh-hoa', password: 'Nâng cấp xong 2025' });
      expect((await audit.list({ limit: 5 })).entries.map((e) => e.action)).toEqual(['account.create']);
      expect(await migrate(isolated, MIGRATIONS)).toEqual([]);
    } finally {
      if (backend.name === 'postgres') await isolated.execute(`DROP SCHEMA IF EXISTS ${backend.options.schema}_up CASCADE`);
      await isolated.close();
    }
  });
});
