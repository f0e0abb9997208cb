import { splitText, splitTextLeavingRoom, ZALO_TEXT_LIMIT } from '../../../src/channels/zalo-oa/splitText';

const paragraph = (n: number) => `Đoạn ${n}: ${'Công dân đến Công an xã để làm thủ tục. '.repeat(8).trim()}`;
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('splitText (Zalo 2,000-character messages)', () => {
  test('a short reply is one message, unchanged apart from NFC', () => {
    const nfd = 'Xin chào'.normalize('NFD');
    expect(splitText(nfd)).toEqual(['Xin chào']);
  });

  test('a long reply becomes parts of at most 2,000 characters, cut between paragraphs, losing no word', () => {
    const text = Array.from({ length: 20 }, (_, i) => paragraph(i + 1)).join('\n\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
      expect(part.startsWith('Đoạn ')).toBe(true);
      expect(part.endsWith('thủ tục.')).toBe(true);
    }
    expect(words(parts.join(' '))).toEqual(words(text));
  });

  test('counts Vietnamese in NFC: 2,000 composed letters fit in one message even if they arrived decomposed', () => {
    const text = 'ệ'.repeat(ZALO_TEXT_LIMIT).normalize('NFD');
    expect(text.length).toBeGreaterThan(ZALO_TEXT_LIMIT);
    expect(splitText(text)).toHaveLength(1);
  });

  test('never cuts an emoji in half', () => {
    const text = `${'a'.repeat(ZALO_TEXT_LIMIT - 1)}😀${'b'.repeat(10)}`;
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
  });

  test('a single word longer than the limit (a long link) is cut, not dropped', () => {
    const link = `https://example.gov.vn/${'x'.repeat(4500)}`;
    const parts = splitText(link);
    expect(parts.map((p) => p.length)).toEqual([2000, 2000, link.length - 4000]);
    expect(parts.join('')).toBe(link);
  });

  test('splitTextLeavingRoom keeps the last part short enough for what will be appended', () => {
    const text = 'Câu trả lời. '.repeat(160).trim();
    const parts = splitTextLeavingRoom(text, 300);
    expect(parts[parts.length - 1]!.length + 300).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    expect(words(parts.join(' '))).toEqual(words(text));
  });
});
