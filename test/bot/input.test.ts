import { readInput } from '../../src/bot/input';
import { smallTalkKind } from '../../src/bot/smallTalk';
import { actionFromText, actionFromValue } from '../../src/bot/actions';

describe('readInput', () => {
  it.each([
    [{ text: 'làm căn cước ở đâu' }, 'text'],
    [{ text: '  ' }, 'empty'],
    [{}, 'empty'],
    [{ text: '👍' }, 'emoji'],
    [{ text: '...?!' }, 'symbols'],
    [{ text: '113' }, 'text'],
    [{ attachments: [{ contentType: 'image/png' }] }, 'image'],
    [{ attachments: [{ contentType: 'application/json', name: 'sticker.webp' }] }, 'sticker'],
    [{ attachments: [{ contentType: 'audio/aac' }] }, 'audio'],
    [{ attachments: [{ contentType: 'application/pdf' }] }, 'file'],
    [{ text: 'ảnh đây', attachments: [{ contentType: 'image/png' }] }, 'text'],
  ])('%j is %s', (activity, kind) => {
    expect(readInput(activity).kind).toBe(kind);
  });

  it('cuts at 2,000 characters without splitting an emoji', () => {
    const text = `${'a'.repeat(1999)}😊😊😊`;
    const input = readInput({ text });
    expect(input).toEqual({ kind: 'text', text: `${'a'.repeat(1999)}😊`, truncated: true });
  });

  it('reads NFD input as NFC', () => {
    const input = readInput({ text: 'căn cước'.normalize('NFD') });
    expect(input.kind === 'text' && input.text).toBe('căn cước');
  });
});

describe('smallTalkKind', () => {
  it.each([
    ['Xin chào', 'greeting'],
    ['alo', 'greeting'],
    ['chào ad ạ', 'greeting'],
    ['cảm ơn bạn nhiều nha', 'thanks'],
    ['Cám ơn!', 'thanks'],
    ['bye', 'goodbye'],
    ['Bạn là người thật à?', 'whoAreYou'],
    ['vâng ạ', 'acknowledge'],
    ['chào bạn cho hỏi làm căn cước ở đâu', undefined],
    ['cảm ơn, nhưng còn tạm trú thì sao', undefined],
    ['', undefined],
  ])('"%s" → %s', (text, kind) => {
    expect(smallTalkKind(text)).toBe(kind);
  });
});

describe('button actions', () => {
  it.each([
    [{ donghanh: { kind: 'menu', menu: 'vneid' } }, { kind: 'menu', menu: 'vneid' }],
    [{ donghanh: { kind: 'feedback', entryId: 'a.b', helpful: false } }, { kind: 'feedback', entryId: 'a.b', helpful: false }],
    [{ donghanh: { kind: 'menu', menu: 'admin' } }, undefined],
    [{ donghanh: { kind: 'feedback', entryId: 'a.b', helpful: 'yes' } }, undefined],
    [{ donghanh: 'menu' }, undefined],
    [{ other: { kind: 'menu' } }, undefined],
    ['menu', undefined],
    [null, undefined],
  ])('value %j → %j', (value, action) => {
    expect(actionFromValue(value)).toEqual(action);
  });

  it('recognises an offered button by its title, whatever the case, accents or emoji', () => {
    const offered = [{ title: '👍 Có, hữu ích', action: { kind: 'feedback' as const, entryId: 'x.y', helpful: true } }];
    expect(actionFromText('co huu ich', offered)).toEqual(offered[0]!.action);
    expect(actionFromText('Có hữu ích!', offered)).toEqual(offered[0]!.action);
    expect(actionFromText('không', offered)).toBeUndefined();
    expect(actionFromText('co huu ich', undefined)).toBeUndefined();
  });
});
