/**
 * Closing a scam report in the console, an officer confirms the scammer's number and site: from then on the checker
 * flags them in every citizen's message, on this instance and on the others; the action is audited; mistakes can be
 * undone from the same report; nothing outside the report, no official site, no other commune's report.
 */
import path from 'node:path';
import { openScamService, type ScamService } from '../../src/scam/scamService';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { backends } from '../storage/backends';
import { Browser, startStaffApi, type StaffApi } from './apiServer';

const A = 'xa-dinh-tan';
const OTHER = 'xa-dinh-hoa';
const KNOWLEDGE_DIR = path.resolve(__dirname, '../../knowledge');

interface Candidate {
  kind: 'phone' | 'domain';
  value: string;
  shown: string;
  broader: boolean;
  status: 'new' | 'confirmed' | 'public';
  fromThisReport: boolean;
}
interface Review {
  verdict: { risk: string; riskLabel: string; reasons: Array<{ code: string; text: string }>; urls: string[] };
  candidates: Candidate[];
  changed?: Array<{ kind: string; value: string }>;
}
interface ApiError {
  error: { code: string; message: string };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let counter = 0;
/** A report with a number and a look-alike site of its own (the file's tests share one database). */
function report(): { phone: string; shownPhone: string; domain: string; host: string; text: string } {
  counter += 1;
  const tail = String(1000 + ((process.pid + counter * 37) % 9000));
  const phone = `035211${tail}`;
  const domain = `vn-cbs${counter}x${process.pid}.xyz`;
  const host = `vietcombank.${domain}`;
  const text =
    `Vietcombank\nTai khoan cua Quy khach se bi tam khoa sau 24h. Cap nhat tai https://${host}/login ` +
    `hoac goi 0352 11${tail.slice(0, 1)} ${tail.slice(1)} de duoc ho tro. Tra cuu tai https://dichvucong.gov.vn`;
  return { phone, shownPhone: `0352 11${tail.slice(0, 1)} ${tail.slice(1)}`, domain, host, text };
}

describe.each(backends())('$name', (backend) => {
  let db: AppDatabase;
  let otherInstanceDb: AppDatabase;
  let scam: ScamService;
  let otherInstance: ScamService;
  let api: StaffApi;
  let officer: Browser;

  beforeAll(async () => {
    db = await backend.open();
    otherInstanceDb = await backend.open();
    scam = await openScamService({ knowledgeDir: KNOWLEDGE_DIR, db, events: db.events });
    otherInstance = await openScamService({ knowledgeDir: KNOWLEDGE_DIR, db: otherInstanceDb, events: otherInstanceDb.events });
    api = await startStaffApi(db, { scamReports: scam.reports });
    officer = await Browser.signedIn(api, await api.account('officer', A));
  });
  afterAll(async () => {
    scam.close();
    otherInstance.close();
    await api.close();
  });

  test('the report shows the verdict and its numbers and domains; official sites are not offered', async () => {
    const r = report();
    const ticket = await api.ticket(A, r.text, 'scam_report');
    const view = await officer.get<Review>(`/staff/api/tickets/${ticket.id}/scam-indicators`);
    expect(view.status).toBe(200);
    expect(view.body.verdict).toMatchObject({ risk: 'high', riskLabel: 'Nguy hiểm' });
    expect(view.body.candidates.map((c) => `${c.kind}:${c.value}:${c.status}`)).toEqual([
      `domain:${r.host}:new`,
      `domain:${r.domain}:new`,
      `phone:${r.phone}:new`,
    ]);
    // dichvucong.gov.vn is in the report too, and is not offered.
    expect(view.body.verdict).toMatchObject({ urls: expect.arrayContaining(['https://dichvucong.gov.vn']) });
    expect(view.body.candidates.find((c) => c.value === r.domain)?.broader).toBe(true);
  });

  test('confirming makes a later check flag the number and the site, here and on another instance, and is audited', async () => {
    const r = report();
    const ticket = await api.ticket(A, r.text, 'scam_report');
    const later = `Chi oi em ben ngan hang, chi goi lai ${r.shownPhone} hoac vao https://xacminh.${r.domain} nhe`;
    expect(scam.checker.analyse(later).findings.map((f) => f.code)).not.toContain('reported-phone');

    const confirmed = await officer.post<Review>(`/staff/api/tickets/${ticket.id}/scam-indicators`, {
      indicators: [
        { kind: 'phone', value: r.shownPhone },
        { kind: 'domain', value: r.domain },
      ],
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.changed).toEqual(expect.arrayContaining([{ kind: 'phone', value: r.phone }, { kind: 'domain', value: r.domain }]));
    expect(confirmed.body.candidates.filter((c) => c.status === 'confirmed').map((c) => c.value).sort()).toEqual([r.phone, r.domain].sort());
    expect(confirmed.body.candidates.find((c) => c.value === r.phone)?.fromThisReport).toBe(true);

    const verdict = scam.checker.check(later);
    expect(verdict.risk).toBe('high');
    const reasons = verdict.reasons.map((x) => x.text).join('\n');
    expect(reasons).toContain(`Số điện thoại ${r.shownPhone} đã được Công an xác nhận là số lừa đảo`);
    expect(reasons).toContain(`Tên miền ${r.domain} đã được Công an xác nhận là trang lừa đảo`);

    await eventually(
      () => otherInstance.checker.analyse(later).findings.some((f) => f.code === 'reported-phone'),
      'the other instance flags the confirmed number',
    );

    const supervisor = await Browser.signedIn(api, await api.account('supervisor'));
    const audit = await supervisor.get<{ entries: Array<{ action: string; target: string; detail: { indicators: string[] } }> }>(
      `/staff/api/audit?action=scam.confirm&ticket=${ticket.id}`,
    );
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ action: 'scam.confirm', target: ticket.code, detail: expect.objectContaining({ indicators: expect.arrayContaining([`phone:${r.phone}`]) }) }),
    ]);
  });

  test('a mistaken confirmation is undone from the same report, and the number is no longer flagged', async () => {
    const r = report();
    const ticket = await api.ticket(A, r.text, 'scam_report');
    await officer.post(`/staff/api/tickets/${ticket.id}/scam-indicators`, { indicators: [{ kind: 'phone', value: r.phone }] });
    const undone = await officer.post<Review>(`/staff/api/tickets/${ticket.id}/scam-indicators/remove`, { indicators: [{ kind: 'phone', value: r.phone }] });
    expect(undone.status).toBe(200);
    expect(undone.body.changed).toEqual([{ kind: 'phone', value: r.phone }]);
    expect(undone.body.candidates.find((c) => c.value === r.phone)?.status).toBe('new');
    expect(scam.checker.analyse(`goi ${r.phone}`).findings.map((f) => f.code)).not.toContain('reported-phone');
  });

  test.each([
    { what: 'a number that is not in the report', item: { kind: 'phone', value: '0912 000 111' }, code: 'NotInReport' },
    { what: 'an official site, even though it is in the report', item: { kind: 'domain', value: 'dichvucong.gov.vn' }, code: 'NotInReport' },
    { what: 'something that is neither', item: { kind: 'email', value: 'a@b.c' }, code: 'BadArgument' },
  ])('refuses $what, with a message that says why', async ({ item, code }) => {
    const r = report();
    const ticket = await api.ticket(A, r.text, 'scam_report');
    const refused = await officer.post<ApiError>(`/staff/api/tickets/${ticket.id}/scam-indicators`, { indicators: [item] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe(code);
    expect(refused.body.error.message).toMatch(/không/);
  });

  test('refuses an empty choice, a question ticket, another commune’s report, a role that cannot act, and a missing CSRF token', async () => {
    const r = report();
    const mine = await api.ticket(A, r.text, 'scam_report');
    const body = { indicators: [{ kind: 'phone', value: r.phone }] };

    expect((await officer.post<ApiError>(`/staff/api/tickets/${mine.id}/scam-indicators`, { indicators: [] })).status).toBe(400);
    const question = await api.ticket(A, r.text, 'question');
    expect((await officer.post<ApiError>(`/staff/api/tickets/${question.id}/scam-indicators`, body)).body.error.code).toBe('NotScamReport');
    const elsewhere = await api.ticket(OTHER, r.text, 'scam_report');
    expect((await officer.post(`/staff/api/tickets/${elsewhere.id}/scam-indicators`, body)).status).toBe(403);
    const trainer = await Browser.signedIn(api, await api.account('trainer'));
    expect((await trainer.post(`/staff/api/tickets/${mine.id}/scam-indicators`, body)).status).toBe(403);
    expect((await officer.post(`/staff/api/tickets/${mine.id}/scam-indicators`, body, { csrf: false })).status).toBe(403);

    expect(scam.checker.analyse(`goi ${r.phone}`).findings.map((f) => f.code)).not.toContain('reported-phone');
  });
});
