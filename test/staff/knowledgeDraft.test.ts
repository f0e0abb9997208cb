/**
 * "Tạo bản nháp kiến thức": the draft an officer makes from a good question and answer is a valid knowledge entry
 * (the trainers' own loader accepts the folder with it), marked as a draft, never answered from, and saving it never
 * collides with an existing id or breaks the knowledge folder.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadKnowledge } from '../../src/knowledge/loader';
import { EntryFileSchema } from '../../src/knowledge/schema';
import { slugify } from '../../src/staff/knowledgeDraft';
import { backends } from '../storage/backends';
import { Browser, startStaffApi, type StaffApi } from './apiServer';

const A = 'xa-hoang-hoa';
const QUESTION = 'Cho tôi hỏi làm lại căn cước bị mất ở đâu? Tôi ở thôn 3.';
const ANSWER = 'Anh/chị làm thủ tục cấp lại căn cước tại Công an xã nơi cư trú hoặc nộp trực tuyến trên Cổng dịch vụ công.';

interface DraftReply {
  entry: Record<string, unknown> & { id: string };
  yaml: string;
  file?: string;
  fileName?: string;
}

describe('slugify', () => {
  test.each([
    ['Làm lại căn cước bị mất ở đâu?', 'lam-lai-can-cuoc-bi-mat-o-dau'],
    ['Đăng ký tạm trú — cần gì???', 'dang-ky-tam-tru-can-gi'],
    ['VNeID mức 2', 'vneid-muc-2'],
    ['???', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;
  let officer: Browser;
  let trainer: Browser;

  beforeAll(async () => {
    api = await startStaffApi(await backend.open());
    officer = await Browser.signedIn(api, await api.account('officer', A));
    trainer = await Browser.signedIn(api, await api.account('trainer'));
  });
  afterAll(() => api.close());

  async function answered(subject = QUESTION): Promise<number> {
    const ticket = await api.ticket(A, subject);
    await officer.post(`/staff/api/tickets/${ticket.id}/replies`, { text: ANSWER });
    return ticket.id;
  }

  test('the draft from a ticket is a schema-valid entry marked as a draft, answer taken from the reply', async () => {
    const id = await answered();
    const r = await officer.post<DraftReply>(`/staff/api/tickets/${id}/knowledge-draft`, {});
    expect(r.status).toBe(200);
    expect(r.body.entry).toMatchObject({
      id: 'chung.cho-toi-hoi-lam-lai-can-cuoc-bi-mat-o-dau',
      group: 'chung',
      title: 'Cho tôi hỏi làm lại căn cước bị mất ở đâu?',
      questions: [QUESTION],
      answer: ANSWER,
      draft: true,
    });
    expect(r.body.entry.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The YAML offered for download parses back to the same entry under the trainers' schema.
    expect(r.body.yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/entries.schema.json');
    const parsed = EntryFileSchema.parse(YAML.parse(r.body.yaml));
    expect(parsed.entries[0]).toEqual(r.body.entry);
    expect(r.body.fileName).toBe(`${r.body.entry.id}.yaml`);
  });

  test("the officer's edits replace what came from the ticket", async () => {
    const id = await answered();
    const r = await officer.post<DraftReply>(`/staff/api/tickets/${id}/knowledge-draft`, {
      title: 'Làm lại căn cước khi bị mất',
      group: 'can-cuoc',
      questions: ['mất căn cước làm lại ở đâu', 'bị mất thẻ căn cước thì làm sao', 'cấp lại căn cước bị mất'],
      answer: 'Cấp lại căn cước khi bị mất: nộp hồ sơ tại Công an xã hoặc trên Cổng dịch vụ công.',
    });
    expect(r.body.entry).toMatchObject({
      id: 'can-cuoc.lam-lai-can-cuoc-khi-bi-mat',
      group: 'can-cuoc',
      questions: ['mất căn cước làm lại ở đâu', 'bị mất thẻ căn cước thì làm sao', 'cấp lại căn cước bị mất'],
    });
  });

  test.each([
    [{ group: 'Căn Cước' }, /group: nhóm chủ đề/],
    [{ questions: [] }, /questions: cần ít nhất một câu hỏi mẫu/],
    [{ questions: ['  '] }, /questions/],
  ])('an invalid edit (%j) is a 422 listing the problems', async (edit, message) => {
    const id = await answered();
    const r = await officer.post<{ problems: string[] }>(`/staff/api/tickets/${id}/knowledge-draft`, edit);
    expect(r.status).toBe(422);
    expect(r.body.problems.join('\n')).toMatch(message);
  });

  test('a ticket without a reply needs an answer typed in', async () => {
    const ticket = await api.ticket(A);
    const r = await officer.post<{ error: { message: string } }>(`/staff/api/tickets/${ticket.id}/knowledge-draft`, {});
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/chưa có câu trả lời/);
  });

  test('saved drafts land in knowledge/drafts/, the folder still loads, and they are drafts, not answers', async () => {
    const first = await officer.post<DraftReply>(`/staff/api/tickets/${await answered()}/knowledge-draft`, { save: true });
    const second = await officer.post<DraftReply>(`/staff/api/tickets/${await answered()}/knowledge-draft`, { save: true });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body.file).toBe(`drafts/${first.body.entry.id}.yaml`);
    // Same question twice: the second gets its own id instead of clashing with the first.
    expect(second.body.entry.id).toBe(`${first.body.entry.id}-2`);

    const loaded = await loadKnowledge(api.knowledgeDir);
    if (!loaded.ok) throw new Error(`knowledge folder broken: ${JSON.stringify(loaded.problems)}`);
    const draftIds = loaded.knowledge.drafts.map((e) => e.id);
    expect(draftIds).toEqual(expect.arrayContaining([first.body.entry.id, second.body.entry.id]));
    expect(loaded.knowledge.byId.has(first.body.entry.id)).toBe(false);
    const errors = loaded.problems.filter((p) => p.file.includes(first.body.entry.id) && p.severity === 'error');
    expect(errors).toEqual([]);
    const onDisk = await fs.readFile(path.join(api.knowledgeDir, first.body.file!), 'utf8');
    expect(onDisk).toContain('# Bản nháp từ phiếu TH-');
  });

  test('a draft never takes the id of a live entry', async () => {
    const loaded = await loadKnowledge(api.knowledgeDir);
    if (!loaded.ok) throw new Error('fixture broken');
    const live = loaded.knowledge.entries[0]!;
    const id = await answered();
    const r = await officer.post<DraftReply>(`/staff/api/tickets/${id}/knowledge-draft`, {
      save: true,
      group: live.id.split('.')[0],
      title: live.id.split('.').slice(1).join(' '),
    });
    expect(r.status).toBe(201);
    expect(r.body.entry.id).not.toBe(live.id);
    expect((await loadKnowledge(api.knowledgeDir)).ok).toBe(true);
  });

  test('trainers list and download the saved drafts; the path cannot leave the drafts folder', async () => {
    const saved = await officer.post<DraftReply>(`/staff/api/tickets/${await answered('Đổi chủ xe máy cần giấy tờ gì?')}/knowledge-draft`, {
      save: true,
    });
    const list = await trainer.get<{ drafts: Array<{ file: string; id: string; title: string }> }>('/staff/api/knowledge-drafts');
    expect(list.body.drafts).toEqual(expect.arrayContaining([expect.objectContaining({ file: saved.body.file, id: saved.body.entry.id })]));
    const file = await trainer.get(`/staff/api/knowledge-drafts/file?path=${encodeURIComponent(saved.body.file!)}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${saved.body.entry.id}.yaml"`);
    expect(file.text).toBe(saved.body.yaml);
    for (const bad of ['../settings.yaml', 'drafts/../settings.yaml', '/etc/passwd', 'drafts/khong-co.yaml', 'communes.yaml']) {
      expect((await trainer.get(`/staff/api/knowledge-drafts/file?path=${encodeURIComponent(bad)}`)).status).toBe(404);
    }
  });

  test('a knowledge folder that does not load is not written to; the draft can still be downloaded', async () => {
    const settings = path.join(api.knowledgeDir, 'settings.yaml');
    const original = await fs.readFile(settings, 'utf8');
    await fs.writeFile(settings, 'province: [\n');
    try {
      const id = await answered();
      const saved = await officer.post<{ error: { message: string } }>(`/staff/api/tickets/${id}/knowledge-draft`, { save: true });
      expect(saved.status).toBe(409);
      expect(saved.body.error.message).toMatch(/tải tệp về/);
      expect((await officer.post(`/staff/api/tickets/${id}/knowledge-draft`, {})).status).toBe(200);
    } finally {
      await fs.writeFile(settings, original);
    }
  });
});
