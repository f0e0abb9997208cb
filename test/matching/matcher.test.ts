/**
 * What a citizen notices about the matcher: however the question is typed, the right entry answers; ambiguous
 * questions are asked back; questions the knowledge base cannot answer fall back. Scores are never pinned.
 */
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { createMatcher } from '../../src/matching';
import { sameFamily } from '../../src/matching/family';
import type { Matcher } from '../../src/matching/types';
import { entry, knowledgeOf, loadFixture } from './fixture';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadFixture();
  matcher = createMatcher(kb);
});

describe('answers the right entry however the question is typed', () => {
  test.each([
    { description: 'full diacritics', q: 'Tôi quên mật khẩu VNeID rồi, phải làm sao?', id: 'vneid.quen-mat-khau' },
    { description: 'no diacritics', q: 'quen mat khau vneid thi lam sao', id: 'vneid.quen-mat-khau' },
    { description: 'teencode and abbreviations', q: 'quên mk vnid ko đăng nhập đc', id: 'vneid.quen-mat-khau' },
    { description: 'typos in two syllables', q: 'quen mat khauu vneidd', id: 'vneid.quen-mat-khau' },
    { description: 'syllables typed without a space', q: 'quen matkhau vneid', id: 'vneid.quen-mat-khau' },
    { description: 'NFD (decomposed) input', q: 'quên passcode vneid'.normalize('NFD'), id: 'vneid.quen-passcode' },
    { description: 'shouting, punctuation and emoji', q: 'QUÊN PASSCODE!!! 😭', id: 'vneid.quen-passcode' },
    { description: 'no diacritics, neighbour of tạm trú', q: 'gia han tam tru o dau', id: 'cu-tru.gia-han-tam-tru' },
    { description: 'run-together syllables and teencode', q: 'dang ky tamtru can giay to j', id: 'cu-tru.tam-tru' },
    { description: 'a scam story without the keyword "lừa đảo"', q: 'co nguoi goi tu xung cong an doi chuyen tien', id: 'lua-dao.gia-danh-cong-an' },
  ])('$description: «$q»', ({ q, id }) => {
    const r = matcher.match(q);
    expect(r.outcome).toBe('answer');
    expect(r.entry?.id).toBe(id);
    expect(r.candidates[0]?.entry.id).toBe(id);
  });
});

test('a long worried story, full of words the knowledge base never uses, still ranks its subject first', () => {
  const q = 'Bố tôi vừa nhận điện thoại của một người xưng là cán bộ công an, bảo bố liên quan đến vụ án và phải chuyển tiền, giờ phải làm sao?';
  const r = matcher.match(q);
  expect(r.candidates[0]?.entry.id).toBe('lua-dao.gia-danh-cong-an');
  if (r.outcome === 'answer') expect(r.entry?.id).toBe('lua-dao.gia-danh-cong-an');
});

describe('families of sub-entries', () => {
  test('a generic question gets the overview entry, not one of its sub-entries', () => {
    const r = matcher.match('làm căn cước cho con');
    expect(r.outcome).toBe('answer');
    expect(r.entry?.id).toBe('can-cuoc.tre-em');
  });

  test.each([
    { q: 'làm căn cước cho bé 2 tuổi qua vneid', id: 'can-cuoc.tre-em.duoi-6-tuoi' },
    { q: 'con 8 tuoi lam can cuoc co phai lay van tay ko', id: 'can-cuoc.tre-em.tu-6-den-14-tuoi' },
  ])('a specific question gets the specific sub-entry: «$q»', ({ q, id }) => {
    const r = matcher.match(q);
    expect(r.outcome).toBe('answer');
    expect(r.entry?.id).toBe(id);
  });

  test.each(['căn cước', 'làm căn cước cho con', 'lam can cuoc cho be', 'quên mật khẩu'])(
    'no two candidates of «%s» belong to the same family',
    (q) => {
      const ids = matcher.match(q).candidates.map((c) => c.entry.id);
      for (const a of ids) for (const b of ids) if (a !== b) expect(sameFamily(a, b)).toBe(false);
    },
  );
});

describe('asks back when the question fits several entries', () => {
  test('a bare keyword shared by two subjects offers both', () => {
    const r = matcher.match('căn cước');
    expect(r.outcome).toBe('clarify');
    expect(r.entry).toBeNull();
    const ids = r.candidates.map((c) => c.entry.id);
    expect(ids).toEqual(expect.arrayContaining(['can-cuoc.cap-lan-dau', 'can-cuoc.tre-em']));
  });

  test('the choices are plausible, at most max_clarify, best first', () => {
    const { clarify_threshold: min, max_clarify: max } = kb.settings.matching;
    const r = matcher.match('căn cước');
    expect(r.candidates.length).toBeGreaterThanOrEqual(2);
    expect(r.candidates.length).toBeLessThanOrEqual(max);
    for (const c of r.candidates) expect(c.score).toBeGreaterThanOrEqual(min);
    const scores = r.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('falls back on what it cannot answer', () => {
  test.each([
    'giá vàng hôm nay bao nhiêu',
    'thời tiết Thanh Hóa ngày mai thế nào',
    'cách nấu phở bò ngon',
    'ạ',
    '',
    '   ',
    '😀😀😀',
    '?!...',
  ])('«%s»', (q) => {
    const r = matcher.match(q);
    expect(r.outcome).toBe('fallback');
    expect(r.entry).toBeNull();
  });

  test('a very long message does not throw and still finds its subject', () => {
    const q = `${'Xin lỗi đã làm phiền. '.repeat(200)} Tôi quên mật khẩu VNeID.`;
    const r = matcher.match(q);
    expect(['answer', 'clarify', 'fallback']).toContain(r.outcome);
    expect(r.candidates[0]?.entry.id).toBe('vneid.quen-mat-khau');
  });
});

describe('greetings and thanks', () => {
  test.each([
    { q: 'xin chào', id: 'chung.chao-hoi' },
    { q: 'Chào bạn!', id: 'chung.chao-hoi' },
    { q: 'cam on ban nhieu', id: 'chung.cam-on' },
    { q: 'tạm biệt nhé', id: 'chung.cam-on' },
  ])('pure courtesy «$q» finds small talk', ({ q, id }) => {
    const r = matcher.match(q);
    expect(r.outcome).toBe('answer');
    expect(r.entry?.id).toBe(id);
  });

  test.each([
    { q: 'chào bạn, cho mình hỏi quên mật khẩu vneid thì làm sao', id: 'vneid.quen-mat-khau' },
    { q: 'cảm ơn nhé, còn gia hạn tạm trú thì sao', id: 'cu-tru.gia-han-tam-tru' },
  ])('courtesy before a real question does not get in the way: «$q»', ({ q, id }) => {
    const r = matcher.match(q);
    expect(r.outcome).toBe('answer');
    expect(r.entry?.id).toBe(id);
    expect(r.candidates.map((c) => c.entry.group)).not.toContain('chung');
  });
});

describe('the result contract', () => {
  test('scores lie in 0..1 and candidates are best first', () => {
    for (const q of ['quen mat khau', 'căn cước', 'giá vàng', 'xin chào']) {
      const r = matcher.match(q);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      for (const c of r.candidates) expect(c.score).toBeGreaterThan(0);
      const scores = r.candidates.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(r.question).toBe(q);
    }
  });

  test('the same question gives the same result, from the same or a rebuilt matcher', () => {
    const again = createMatcher(kb);
    for (const q of ['căn cước', 'quen mat khau vneid', 'giá vàng hôm nay']) {
      const a = matcher.match(q);
      expect(matcher.match(q)).toEqual(a);
      expect(again.match(q)).toEqual(a);
    }
  });

  test('the thresholds come from the knowledge settings', () => {
    const strict = createMatcher({ ...kb, settings: { ...kb.settings, matching: { ...kb.settings.matching, answer_threshold: 1, clarify_threshold: 1 } } });
    expect(strict.match('quen mat khau vneid').outcome).toBe('fallback');
  });
});

describe('accented matches count more than folded-only matches', () => {
  const entries = [
    entry('xe.ban-xe', 'Bán xe cho người khác', ['bán xe máy cũ cho người quen', 'bán xe rồi cần làm gì']),
    entry('lua-dao.ket-ban', 'Kết bạn qua mạng', ['người lạ kết bạn qua mạng', 'làm quen bạn mới trên mạng']),
  ];
  const build = (): Matcher => createMatcher(knowledgeOf(kb, entries));

  test.each([
    { q: 'bán xe', id: 'xe.ban-xe' },
    { q: 'bạn qua mạng', id: 'lua-dao.ket-ban' },
  ])('«$q» prefers the entry with the same accents', ({ q, id }) => {
    expect(build().match(q).candidates[0]?.entry.id).toBe(id);
  });

  test('the folded form still finds both', () => {
    const ids = build().match('ban').candidates.map((c) => c.entry.id);
    expect(ids).toEqual(expect.arrayContaining(['xe.ban-xe', 'lua-dao.ket-ban']));
  });
});

describe('evidence beyond the example questions', () => {
  test('words found only in the answer, keywords or title still lead to the entry', () => {
    const entries = [
      entry('dvc.tra-cuu', 'Tra cứu hồ sơ', ['xem hồ sơ đến đâu rồi'], { answer: 'Nhập mã biên nhận trên Cổng Dịch vụ công quốc gia.' }),
      entry('xe.sang-ten', 'Sang tên xe', ['mua xe cũ làm giấy tờ thế nào'], { keywords: ['đổi chủ'] }),
      entry('ho-tich.khai-tu', 'Đăng ký khai tử', ['người nhà mất phải báo ở đâu']),
    ];
    const m = createMatcher(knowledgeOf(kb, entries));
    expect(m.match('mã biên nhận').candidates[0]?.entry.id).toBe('dvc.tra-cuu');
    expect(m.match('đổi chủ xe').candidates[0]?.entry.id).toBe('xe.sang-ten');
    expect(m.match('khai tử').candidates[0]?.entry.id).toBe('ho-tich.khai-tu');
  });

  test('an entry left with no example question is still reachable by its title', () => {
    const entries = [entry('ho-tich.ket-hon', 'Đăng ký kết hôn', []), entry('ho-tich.khai-sinh', 'Đăng ký khai sinh', ['làm giấy khai sinh cho con'])];
    expect(createMatcher(knowledgeOf(kb, entries)).match('đăng ký kết hôn').candidates[0]?.entry.id).toBe('ho-tich.ket-hon');
  });
});
