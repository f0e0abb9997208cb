import { promises as fs } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import type { Communes } from '../../src/knowledge/schema';
import { fold } from '../../src/text/normalize';
import { FIXTURES, makeKnowledgeDir, removeDir } from './knowledgeFolder';

const SHIPPED = path.join(__dirname, '..', '..', 'knowledge', 'communes.yaml');

/** The shipped communes.yaml, loaded through the real loader next to the valid fixture's other files. */
let communes: Communes;
let sourceNames: string[];

beforeAll(async () => {
  const dir = await makeKnowledgeDir({ 'communes.yaml': await fs.readFile(SHIPPED, 'utf8') });
  try {
    const result = await loadKnowledge(dir);
    expect(result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) throw new Error('communes.yaml does not load');
    communes = result.knowledge.communes;
  } finally {
    await removeDir(dir);
  }
  const data = await fs.readFile(path.join(FIXTURES, 'thanh-hoa-communes.txt'), 'utf8');
  sourceNames = data.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
});

describe('knowledge/communes.yaml', () => {
  test('lists the 166 units of NQ 1686 (19 phường, 147 xã), in the order of the source list', () => {
    expect(communes.communes.map((c) => c.name)).toEqual(sourceNames);
    expect(communes.communes.filter((c) => c.kind === 'phuong')).toHaveLength(19);
    expect(communes.communes.filter((c) => c.kind === 'xa')).toHaveLength(147);
  });

  test('ids are the name without diacritics in kebab case, and unique', () => {
    for (const c of communes.communes) {
      expect(c.id).toBe(fold(c.name.toLowerCase()).replace(/ /g, '-'));
    }
    expect(new Set(communes.communes.map((c) => c.id)).size).toBe(166);
  });

  test.each([
    ['xa-dinh-hoa', ['Định Hòa', 'Định Hoà', 'dinh hoa']],
    ['xa-son-thuy', ['Sơn Thủy', 'Sơn Thuỷ', 'son thuy']],
    ['xa-hoa-quy', ['Hóa Quỳ', 'Hoá Quỳ', 'hoa quy']],
    // "qu" + y: the u belongs to the consonant, so there is no second tone placement.
    ['xa-quy-loc', ['Quý Lộc', 'quy loc']],
    ['phuong-dao-duy-tu', ['Đào Duy Từ', 'dao duy tu']],
  ])('%s has the aliases people type: %j', (id, aliases) => {
    expect(communes.communes.find((c) => c.id === id)?.aliases).toEqual(aliases);
  });

  test('former Thanh Hóa city maps to the 7 phường the research notes name; other old districts are left to a question', () => {
    const city = ['phuong-hac-thanh', 'phuong-quang-phu', 'phuong-dong-quang', 'phuong-dong-son', 'phuong-dong-tien', 'phuong-ham-rong', 'phuong-nguyet-vien'];
    expect(communes.former_districts['Thành phố Thanh Hóa']).toEqual(city);
    for (const id of city) expect(communes.communes.find((c) => c.id === id)?.former_districts).toEqual(['Thành phố Thanh Hóa']);
    const others = Object.entries(communes.former_districts).filter(([name]) => name !== 'Thành phố Thanh Hóa');
    expect(others.every(([, ids]) => ids.length === 0)).toBe(true);
  });

  test('names every old district-level unit people still use: 2 cities, Bỉm Sơn, Nghi Sơn/Tĩnh Gia and the 23 huyện', () => {
    const names = Object.keys(communes.former_districts);
    expect(names).toEqual(expect.arrayContaining(['Thành phố Thanh Hóa', 'Thành phố Sầm Sơn', 'Thị xã Bỉm Sơn', 'Thị xã Nghi Sơn', 'Huyện Tĩnh Gia']));
    expect(names.filter((n) => n.startsWith('Huyện ') && n !== 'Huyện Tĩnh Gia')).toHaveLength(23);
  });

  test('no police contact is invented: every unit waits for the province to provide it', () => {
    expect(communes.communes.every((c) => c.police === undefined || Object.keys(c.police).length === 0)).toBe(true);
  });
});
