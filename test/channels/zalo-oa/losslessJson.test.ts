import { idString, parseJsonKeepingBigIntegers, quoteUnsafeIntegers } from '../../../src/channels/zalo-oa/losslessJson';

describe('parseJsonKeepingBigIntegers', () => {
  test('keeps 19-digit ids exact, whether Zalo sends them as strings or as numbers', () => {
    const parsed = parseJsonKeepingBigIntegers('{"sender":{"id":2468458835296197922},"recipient":{"id":"3886132808788086450"}}') as {
      sender: { id: unknown };
      recipient: { id: unknown };
    };
    expect(parsed.sender.id).toBe('2468458835296197922');
    expect(parsed.recipient.id).toBe('3886132808788086450');
    // What plain JSON.parse would have done to the same id:
    expect(String((JSON.parse('{"id":2468458835296197922}') as { id: number }).id)).not.toBe('2468458835296197922');
  });

  test.each([
    ['small integers stay numbers', '{"size":1024,"date":1750316131602}', { size: 1024, date: 1750316131602 }],
    ['decimals and exponents stay numbers', '{"lat":20.8,"x":-1.5e3}', { lat: 20.8, x: -1500 }],
    ['digits inside strings are untouched', '{"text":"gọi 12345678901234567890 nhé"}', { text: 'gọi 12345678901234567890 nhé' }],
    ['escaped quotes do not end a string early', '{"t":"a\\"12345678901234567890\\"","n":12345678901234567890}', { t: 'a"12345678901234567890"', n: '12345678901234567890' }],
    ['negative big integers', '[-12345678901234567890]', ['-12345678901234567890']],
  ])('%s', (_name, text, expected) => {
    expect(parseJsonKeepingBigIntegers(text)).toEqual(expected);
  });

  test('malformed JSON still fails like JSON.parse', () => {
    expect(() => parseJsonKeepingBigIntegers('{"a":')).toThrow(SyntaxError);
  });

  test('a body with nothing to quote is returned as it was', () => {
    const text = '{"a":"b","c":[1,2,3]}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });

  test.each([
    ['a string', ' 123 ', '123'],
    ['a safe number', 42, '42'],
    ['an empty string', '  ', undefined],
    ['an object', { id: 1 }, undefined],
  ])('idString of %s', (_name, value, expected) => {
    expect(idString(value)).toBe(expected);
  });
});
