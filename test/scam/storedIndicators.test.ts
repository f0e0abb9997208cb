/**
 * Staff-confirmed indicators in the database, on both backends: confirming makes the checker flag a number or site
 * at once on this instance and, through the event bus, on every other instance; undoing works only from the report
 * that confirmed it; a cache that missed events catches up when it reloads.
 */
import { ScamIndicatorRepository } from '../../src/scam/indicatorRepository';
import { StoredReportedIndicators } from '../../src/scam/storedIndicators';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { backends } from '../storage/backends';
import { repoChecker } from './loadChecker';

/** Polls until `check` holds; events between instances are asynchronous by design. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let counter = 0;
/** A number and a domain no other test of the file uses (every test shares the file's database). */
function fresh(): { phone: string; typedPhone: string; domain: string } {
  counter += 1;
  const n = String(100_000 + counter * 7 + (process.pid % 1000)).slice(-6);
  return { phone: `0912${n}`, typedPhone: `+84 912 ${n.slice(0, 3)} ${n.slice(3)}`, domain: `vn-xacminh${counter}-${process.pid}.xyz` };
}

describe.each(backends())('$name', (backend) => {
  let a: AppDatabase;
  let b: AppDatabase;
  const opened: StoredReportedIndicators[] = [];
  const open = async (db: AppDatabase): Promise<StoredReportedIndicators> => {
    const stored = await StoredReportedIndicators.open(new ScamIndicatorRepository(db, { events: db.events }), db.events);
    opened.push(stored);
    return stored;
  };

  beforeAll(async () => {
    a = await backend.open();
    b = await backend.open();
  });
  afterAll(() => {
    for (const s of opened) s.close();
  });

  test('a confirmed number and domain are flagged by the checker, on this instance at once and on another soon after', async () => {
    const here = await open(a);
    const there = await open(b);
    const { phone, typedPhone, domain } = fresh();
    const message = `Tai khoan cua ban bi khoa, goi ${typedPhone} hoac vao https://login.${domain}/xacminh`;
    const checkerHere = await repoChecker({ reported: here });
    const before = checkerHere.analyse(message).findings.map((f) => f.code);
    expect(before).not.toContain('reported-phone');
    expect(before).not.toContain('reported-domain');

    const added = await here.confirm([{ kind: 'phone', value: typedPhone }, { kind: 'domain', value: `HTTPS://WWW.${domain.toUpperCase()}/abc` }], { ticketId: 7, staffId: 3 });
    expect(added.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([`domain:${domain}`, `phone:${phone}`]);

    const after = checkerHere.analyse(message);
    expect(after.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['reported-phone', 'reported-domain']));
    expect(after.verdict.risk).toBe('high');
    expect(after.verdict.reasons.map((r) => r.text).join('\n')).toContain(`Tên miền ${domain} đã được Công an xác nhận`);

    await eventually(() => there.hasPhone(phone) && there.hasDomain(domain), 'the other instance sees the confirmation');
    const checkerThere = await repoChecker({ reported: there });
    expect(checkerThere.analyse(message).verdict.risk).toBe('high');
  });

  test('confirming again, or from another report, keeps the first confirmation', async () => {
    const here = await open(a);
    const { phone } = fresh();
    expect(await here.confirm([{ kind: 'phone', value: phone }], { ticketId: 1, staffId: 1 })).toHaveLength(1);
    expect(await here.confirm([{ kind: 'phone', value: phone }], { ticketId: 2, staffId: 2 })).toEqual([]);
    expect(here.find('phone', phone)).toMatchObject({ ticketId: 1, confirmedBy: 1 });
  });

  test('un-confirming works from the report that confirmed it, and reaches the other instance', async () => {
    const here = await open(a);
    const there = await open(b);
    const { domain } = fresh();
    await here.confirm([{ kind: 'domain', value: domain }], { ticketId: 11, staffId: 1 });
    await eventually(() => there.hasDomain(domain), 'the other instance sees the confirmation');

    expect(await there.removeFromTicket([{ kind: 'domain', value: domain }], 12)).toEqual([]);
    expect(there.hasDomain(domain)).toBe(true);
    expect(await there.removeFromTicket([{ kind: 'domain', value: domain }], 11)).toEqual([{ kind: 'domain', value: domain }]);
    expect(there.hasDomain(domain)).toBe(false);
    await eventually(() => !here.hasDomain(domain), 'this instance sees the removal');
  });

  test('a cache that missed the announcement catches up when it reloads', async () => {
    const deaf = await open(a);
    deaf.close();
    const { phone } = fresh();
    await new ScamIndicatorRepository(b).confirm([{ kind: 'phone', value: phone }], { ticketId: null, staffId: null });
    expect(deaf.hasPhone(phone)).toBe(false);
    await deaf.refresh();
    expect(deaf.hasPhone(phone)).toBe(true);
  });

  test.each([
    { kind: 'phone' as const, value: '12345' },
    { kind: 'domain' as const, value: 'not a domain' },
    { kind: 'domain' as const, value: '103.57.220.14' },
  ])('refuses $kind "$value" and stores nothing', async (item) => {
    const repository = new ScamIndicatorRepository(a);
    const before = (await repository.all()).length;
    await expect(repository.confirm([item], { ticketId: 1, staffId: 1 })).rejects.toThrow(/không phải/i);
    expect((await repository.all()).length).toBe(before);
  });
});
