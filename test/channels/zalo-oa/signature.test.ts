import { computeSignature, secretsEqual, signatureFromHeader, verifySignature } from '../../../src/channels/zalo-oa/signature';

/** The synthetic vector of docs/zalo.md (dummy values; the method was checked against a captured Zalo event). */
const VECTOR = {
  appId: '3608465248940903967',
  oaSecretKey: 'test-oa-secret-key',
  body: '{"app_id":"3608465248940903967","sender":{"id":"2468458835296197922"},"user_id_by_app":"5521772797175877300","recipient":{"id":"3886132808788086450"},"event_name":"user_send_text","message":{"text":"Xin chào","msg_id":"96d3cdf3af150460909"},"timestamp":"1717061839659"}',
  timestamp: '1717061839659',
  header: 'mac=5d4c2754dcca75606eee91af9d514626a7b2a683d7c9ff3809883dcb650d5971',
};

const raw = Buffer.from(VECTOR.body, 'utf8');
const check = (overrides: Partial<{ header: string | undefined; rawBody: Buffer; oaSecretKey: string; appId: string; timestamp: string }>) =>
  verifySignature({ header: VECTOR.header, appId: VECTOR.appId, rawBody: raw, timestamp: VECTOR.timestamp, oaSecretKey: VECTOR.oaSecretKey, ...overrides });

describe('Zalo OA webhook signature', () => {
  test('reproduces the test vector from the notes', () => {
    expect(`mac=${computeSignature(VECTOR.appId, raw, VECTOR.timestamp, VECTOR.oaSecretKey)}`).toBe(VECTOR.header);
    expect(check({})).toBe(true);
  });

  test.each([
    ['without the mac= prefix', VECTOR.header.slice(4)],
    ['in upper case', VECTOR.header.toUpperCase()],
    ['with spaces around the value', ` mac = ${VECTOR.header.slice(4)} `],
  ])('accepts the header %s', (_name, header) => {
    expect(check({ header })).toBe(true);
  });

  test.each([
    ['no header', { header: undefined }],
    ['a header that is not a digest', { header: 'mac=xyz' }],
    ['one changed byte of the body', { rawBody: Buffer.from(VECTOR.body.replace('Xin chào', 'Xin chàu'), 'utf8') }],
    ['the body re-serialised with spaces', { rawBody: Buffer.from(JSON.stringify(JSON.parse(VECTOR.body), null, 1), 'utf8') }],
    ['the body with "à" escaped as \\u00e0', { rawBody: Buffer.from(VECTOR.body.replace('à', '\\u00e0'), 'utf8') }],
    ['the app secret instead of the OA secret key', { oaSecretKey: 'app-secret' }],
    ['the OA id instead of the app id', { appId: '3886132808788086450' }],
    ['another timestamp', { timestamp: '1717061839660' }],
  ])('rejects %s', (_name, overrides) => {
    expect(check(overrides)).toBe(false);
  });

  test('reads only 64-hex-digit values from the header', () => {
    expect(signatureFromHeader('mac=' + 'a'.repeat(63))).toBeUndefined();
    expect(signatureFromHeader('sha256=' + 'a'.repeat(64))).toBeUndefined();
    expect(signatureFromHeader('A'.repeat(64))).toBe('a'.repeat(64));
  });
});

describe('secretsEqual (Bot Platform secret header)', () => {
  test.each([
    ['the same secret', 'bi-mat-dai-du-8', true],
    ['another secret of the same length', 'bi-mat-dai-du-9', false],
    ['a prefix of the secret', 'bi-mat', false],
    ['a longer value starting with the secret', 'bi-mat-dai-du-8x', false],
    ['nothing', undefined, false],
  ])('%s → %s', (_name, given, expected) => {
    expect(secretsEqual(given, 'bi-mat-dai-du-8')).toBe(expected);
  });
});
