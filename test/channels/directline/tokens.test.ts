import { TokenSigner } from '../../../src/channels/directline/tokens';

describe('Direct Line tokens', () => {
  let now = Date.UTC(2026, 10, 27, 8, 0, 0);
  const signer = new TokenSigner({ key: 'khoa-ky-thu-nghiem-0123456789abcdef', now: () => now });

  it('carries the conversation and the user, and is valid for 30 minutes', () => {
    const token = signer.issue('conv-1', 'dl_user');
    expect(signer.verify(token)).toEqual({ ok: true, claims: expect.objectContaining({ conv: 'conv-1', sub: 'dl_user', aud: 'conversation' }) });
    now += 29 * 60_000;
    expect(signer.verify(token).ok).toBe(true);
    now += 2 * 60_000;
    expect(signer.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['a changed conversation id', (t: string) => swapPayload(t, { conv: 'conv-2' })],
    ['a token signed with another key', () => new TokenSigner({ key: 'mot-khoa-khac-hoan-toan-0123456789' }).issue('conv-1', 'u')],
    ['a truncated signature', (t: string) => t.slice(0, -3)],
  ])('rejects %s', (_name, tamper) => {
    const token = signer.issue('conv-1', 'u');
    expect(signer.verify(tamper(token))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([['not-a-token'], ['a.b'], ['']])('rejects the malformed "%s"', (token) => {
    expect(signer.verify(token)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('keeps stream tokens and conversation tokens apart', () => {
    const stream = signer.issue('conv-1', 'u', 'stream');
    expect(signer.verify(stream)).toEqual({ ok: false, reason: 'wrong-audience' });
    expect(signer.verify(stream, 'stream').ok).toBe(true);
    expect(signer.verify(signer.issue('conv-1', 'u'), 'stream')).toEqual({ ok: false, reason: 'wrong-audience' });
  });

  it('has no "user" claim, so directlinejs keeps the user id Web Chat sets', () => {
    const payload = JSON.parse(Buffer.from(signer.issue('c', 'u').split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).not.toHaveProperty('user');
  });

  it('refuses a key too short to be secret', () => {
    expect(() => new TokenSigner({ key: 'ngan' })).toThrow('quá ngắn');
  });
});

function swapPayload(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
