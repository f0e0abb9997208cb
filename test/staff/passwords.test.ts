import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../src/staff/passwords';

// A lower cost than production keeps the suite quick; the algorithm and the format are the same.
const FAST = { N: 2 ** 12, r: 8, p: 1 };

describe('password hashing', () => {
  test('the right password verifies, any other does not', async () => {
    const stored = await hashPassword('Mật khẩu rất dài 2025', FAST);
    expect(await verifyPassword('Mật khẩu rất dài 2025', stored)).toBe(true);
    expect(await verifyPassword('Mật khẩu rất dài 2024', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('the same password gets a different salt, so equal passwords do not show in the table', async () => {
    const [a, b] = await Promise.all([hashPassword('giong-nhau-123', FAST), hashPassword('giong-nhau-123', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('giong-nhau-123', a)).toBe(true);
    expect(await verifyPassword('giong-nhau-123', b)).toBe(true);
  });

  test('composed and decomposed Vietnamese are the same password', async () => {
    const stored = await hashPassword('Định Hòa 2025!'.normalize('NFC'), FAST);
    expect(await verifyPassword('Định Hòa 2025!'.normalize('NFD'), stored)).toBe(true);
  });

  test('the stored form names the algorithm and never contains the password', async () => {
    const stored = await hashPassword('khong-duoc-lo-ra', FAST);
    expect(stored.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(stored).not.toContain('khong-duoc-lo-ra');
  });

  test.each(['', 'plain-text-password', 'scrypt$abc$8$1$c2FsdA$a2V5', 'bcrypt$2b$10$xxxx', 'scrypt$4096$8$1$$'])(
    'a malformed stored hash (%j) never verifies',
    async (stored) => {
      expect(await verifyPassword('plain-text-password', stored)).toBe(false);
    },
  );

  test('hashes made with a lower cost are flagged for upgrade', async () => {
    const weak = await hashPassword('nang-cap-sau', FAST);
    expect(needsRehash(weak, { N: 2 ** 13, r: 8, p: 1 })).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });
});

describe('password rules', () => {
  test.each([
    ['ngan', /ít nhất 10 ký tự/],
    [' co-dau-cach-dau', /dấu cách/],
    ['aaaaaaaaaaaa', /quá đơn giản/],
    ['canbo.dinhhoa-2025', /tên đăng nhập/],
  ])('refuses %j', (password, message) => {
    expect(passwordProblem(password, 'canbo.dinhhoa')).toMatch(message);
  });

  test.each(['Trực ban số 1 năm 2025', 'correct horse battery'])('accepts %j', (password) => {
    expect(passwordProblem(password, 'canbo.dinhhoa')).toBeUndefined();
  });
});
