import { layoutForOa, MAX_BUTTONS } from '../../../src/channels/zalo-oa/oaLayout';
import { zaloText } from '../../../src/channels/zalo-oa/messages';
import type { OutgoingMessage } from '../../../src/channels/zalo-oa/outgoing';

const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Mục ${i + 1}`, text: `Mục ${i + 1}`, value: { n: i } }));
const message = (over: Partial<OutgoingMessage>): OutgoingMessage => ({ text: 'Bạn cần hỏi gì?', choices: [], links: [], phones: [], ...over });

describe('OA layout', () => {
  test('text only: one plain message', () => {
    expect(layoutForOa(message({}))).toEqual({ payloads: [{ message: { text: 'Bạn cần hỏi gì?' } }] });
  });

  test('up to five choices: oa.query.hide buttons whose payload names the offer and the choice', () => {
    const laid = layoutForOa(message({ choices: choices(4) }), 'abc123def456');
    expect(laid.payloads).toHaveLength(1);
    const buttons = laid.payloads[0]!.message.attachment!.payload.buttons;
    expect(buttons.map((b) => [b.type, b.title, b.payload])).toEqual([
      ['oa.query.hide', 'Mục 1', '#dh:abc123def456:1'],
      ['oa.query.hide', 'Mục 2', '#dh:abc123def456:2'],
      ['oa.query.hide', 'Mục 3', '#dh:abc123def456:3'],
      ['oa.query.hide', 'Mục 4', '#dh:abc123def456:4'],
    ]);
    expect(laid.offer).toEqual({ id: 'abc123def456', choices: choices(4), numbered: false });
    // If Zalo refuses the buttons, the same choices go as a numbered list.
    expect(laid.payloads[0]!.fallbackText).toBe(
      ['Bạn cần hỏi gì?', '', zaloText.chooseByNumber, '1. Mục 1', '2. Mục 2', '3. Mục 3', '4. Mục 4'].join('\n'),
    );
  });

  test(`more than ${MAX_BUTTONS} choices: a numbered list in the text, no buttons`, () => {
    const laid = layoutForOa(message({ choices: choices(7) }), 'abc123def456');
    expect(laid.payloads).toHaveLength(1);
    expect(laid.payloads[0]!.message.attachment).toBeUndefined();
    expect(laid.payloads[0]!.message.text).toContain('7. Mục 7');
    expect(laid.offer?.numbered).toBe(true);
  });

  test('links and phone numbers become open-url and phone buttons, counted in the five', () => {
    const laid = layoutForOa(
      message({ choices: choices(3), links: [{ title: 'Xem nguồn', url: 'https://dichvucong.gov.vn' }], phones: [{ title: 'Gọi 113', phone: '113' }] }),
      'abc123def456',
    );
    const buttons = laid.payloads[0]!.message.attachment!.payload.buttons;
    expect(buttons.slice(3)).toEqual([
      { title: 'Xem nguồn', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
      { title: 'Gọi 113', type: 'oa.open.phone', payload: { phone_code: '113' } },
    ]);
  });

  test('a long answer with buttons: every part within 2,000 characters, buttons and list on the last part', () => {
    const text = 'Hướng dẫn chi tiết từng bước cho công dân. '.repeat(120).trim();
    const laid = layoutForOa(message({ text, choices: choices(5) }));
    expect(laid.payloads.length).toBeGreaterThan(1);
    for (const p of laid.payloads) expect(p.message.text.length).toBeLessThanOrEqual(2000);
    const last = laid.payloads[laid.payloads.length - 1]!;
    expect(last.message.attachment?.payload.buttons).toHaveLength(5);
    expect(last.fallbackText!.length).toBeLessThanOrEqual(2000);
    expect(laid.payloads.slice(0, -1).every((p) => p.message.attachment === undefined)).toBe(true);
  });

  test('buttons without text still carry an invitation to choose (Zalo needs text)', () => {
    const laid = layoutForOa(message({ text: '', choices: choices(2) }));
    expect(laid.payloads[0]!.message.text).toBe(zaloText.chooseOne);
  });
});
