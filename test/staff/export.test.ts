/**
 * CSV export of a date range as a supervisor opens it in a spreadsheet: local (Vietnam) days, inclusive; Vietnamese
 * that survives Excel; a citizen's text that cannot run as a formula; the export recorded in the audit log.
 */
import { csvField } from '../../src/staff/csv';
import { backends } from '../storage/backends';
import { Browser, startStaffApi, type StaffApi } from './apiServer';

const HOUR = 3600_000;
/** 2025-11-01 00:00 in Vietnam (UTC+7). */
const NOV_1 = Date.UTC(2025, 9, 31, 17, 0);

/** A tiny RFC 4180 reader, enough to check what a spreadsheet would show. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('csvField', () => {
  test.each([
    ['plain', 'plain'],
    ['có dấu, có phẩy', '"có dấu, có phẩy"'],
    ['nói "xin chào"', '"nói ""xin chào"""'],
    ['hai\ndòng', '"hai\ndòng"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+84912345678', "'+84912345678"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j → %s', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;
  let supervisor: Browser;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    api = await startStaffApi(await backend.open());
    supervisor = await Browser.signedIn(api, await api.account('supervisor'));
    // Filed at these local times; the export of 1–2 November must take exactly the middle three.
    const times: Array<[string, number, string]> = [
      ['before', NOV_1 - HOUR, 'Trước kỳ xuất'],
      ['firstMorning', NOV_1 + 6 * HOUR, '=HYPERLINK("http://lua-dao.example","Bấm vào đây")'],
      ['secondDay', NOV_1 + 30 * HOUR, 'Hỏi về tạm trú, có dấu phẩy và "ngoặc kép"\nvà xuống dòng'],
      ['lastMinute', NOV_1 + 48 * HOUR - 60_000, 'Phút cuối ngày 2/11'],
      ['after', NOV_1 + 48 * HOUR, 'Sau kỳ xuất'],
    ];
    for (const [key, at, subject] of times) {
      api.clock.ms = at;
      codes[key] = (await api.ticket(key === 'secondDay' ? 'xa-tan-thanh' : 'xa-tan-tien', subject)).code;
    }
    api.clock.ms = Date.now();
  });
  afterAll(() => api.close());

  test('a date range in local days, inclusive, one row per ticket, readable Vietnamese', async () => {
    const r = await supervisor.get('/staff/api/tickets.csv?from=2025-11-01&to=2025-11-02');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="phieu_2025-11-01_2025-11-02.csv"');
    const raw = Buffer.from(await (await fetch(`${api.url}/staff/api/tickets.csv?from=2025-11-01&to=2025-11-02`, { headers: { cookie: supervisor.cookie! } })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      'Mã phiếu',
      'Loại',
      'Trạng thái',
      'Xã/phường',
      'Kênh',
      'Tạo lúc',
      'Trả lời đầu tiên lúc',
      'Thời gian tới trả lời đầu tiên (phút)',
      'Đóng lúc',
      'Cán bộ xử lý',
      'Nội dung',
    ]);
    const body = rows.slice(1);
    expect(body.map((row) => row[0])).toEqual([codes.firstMorning, codes.secondDay, codes.lastMinute]);
    expect(body[0]).toEqual([codes.firstMorning, 'Câu hỏi', 'Mới', 'Xã Tân Tiến', 'Web Chat', '01/11/2025 06:00', '', '', '', '', `'=HYPERLINK("http://lua-dao.example","Bấm vào đây")`]);
    expect(body[1]![3]).toBe('Xã Tân Thành');
    expect(body[1]![10]).toBe('Hỏi về tạm trú, có dấu phẩy và "ngoặc kép"\nvà xuống dòng');
    expect(body[2]![5]).toBe('02/11/2025 23:59');
  });

  test('the export is in the audit log with its range and row count', async () => {
    await supervisor.get('/staff/api/tickets.csv?from=2025-11-01&to=2025-11-02');
    const log = await supervisor.get<{ entries: Array<{ action: string; detail: Record<string, unknown> }> }>('/staff/api/audit?action=ticket.export');
    expect(log.body.entries[0]).toMatchObject({ action: 'ticket.export', detail: { from: '2025-11-01', to: '2025-11-02', rows: 3 } });
  });

  test.each([
    ['from=2025-11-01', /"to"/],
    ['from=2025-11-05&to=2025-11-01', /trước hoặc bằng/],
    ['from=2024-01-01&to=2025-12-31', /tối đa 366 ngày/],
    ['from=1/11/2025&to=2/11/2025', /YYYY-MM-DD/],
  ])('a bad range (%s) is a 400 that says why', async (query, message) => {
    const r = await supervisor.get<{ error: { message: string } }>(`/staff/api/tickets.csv?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });
});
