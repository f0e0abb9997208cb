/**
 * The checker as the server runs it: trainers' edits to knowledge/scam/*.yaml take effect on reload; rules that no
 * longer validate are refused and the ones in use keep working; invalid rules at start-up stop it with the problems.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openScamService, ScamRulesInvalidError, type ScamService } from '../../src/scam/scamService';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { KNOWLEDGE_DIR } from './loadChecker';

const NEW_SCAM_SITE = 'nhanqua-tet2027.xyz';
const MESSAGE = `Chuc mung ban nhan qua Tet, xac nhan tai ${NEW_SCAM_SITE}`;

let dir: string;
let db: AppDatabase;
let service: ScamService | undefined;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-scam-rules-'));
  await fs.cp(path.join(KNOWLEDGE_DIR, 'scam'), path.join(dir, 'scam'), { recursive: true });
  db = await openDatabase('sqlite::memory:');
});
afterEach(async () => {
  service?.close();
  service = undefined;
  await db.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const domainsFile = (): string => path.join(dir, 'scam', 'domains.yaml');
const publiclyWarned = (s: ScamService): boolean => s.checker.check(MESSAGE).reasons.some((r) => r.text.includes('cơ quan chức năng cảnh báo'));

test('a domain trainers add to the public warnings is flagged after the reload; broken rules are refused meanwhile', async () => {
  service = await openScamService({ knowledgeDir: dir, db, events: db.events });
  expect(publiclyWarned(service)).toBe(false);
  const original = await fs.readFile(domainsFile(), 'utf8');

  await fs.writeFile(domainsFile(), original.replace(/^reported:/m, 'reported: [khong hop le'));
  const refused = await service.reloadRules();
  expect(refused.ok).toBe(false);
  expect(refused.problems.join('\n')).toContain('domains.yaml');
  expect(service.checker.check(MESSAGE).urls).toEqual([NEW_SCAM_SITE]);

  const added = original.replace(/^reported:\n  domains:\n/m, `reported:\n  domains:\n    - domain: ${NEW_SCAM_SITE}\n      source: thử nghiệm\n`);
  expect(added).not.toBe(original);
  await fs.writeFile(domainsFile(), added);
  expect(await service.reloadRules()).toEqual({ ok: true, problems: [] });
  expect(publiclyWarned(service)).toBe(true);
});

test('invalid rules at start-up stop it, naming the file', async () => {
  await fs.writeFile(domainsFile(), 'official_domains: 3\n');
  const opening = openScamService({ knowledgeDir: dir, db, events: db.events });
  await expect(opening).rejects.toBeInstanceOf(ScamRulesInvalidError);
  await expect(opening).rejects.toThrow(/domains\.yaml/);
});
