import { maskSecrets } from '../../src/escalation/masking';

describe('maskSecrets', () => {
  test.each([
    { description: 'a căn cước number', input: 'Số cccd của tôi là 038123456789', kinds: ['citizen-id'], gone: '038123456789', kept: 'đuôi 789' },
    { description: 'a spaced căn cước number', input: 'cccd 038 123 456 789 nhé', kinds: ['citizen-id'], gone: '038 123 456', kept: 'nhé' },
    { description: 'an OTP after "mã"', input: 'nó bảo đọc mã 482913 cho nó', kinds: ['otp'], gone: '482913', kept: 'cho nó' },
    { description: 'an OTP typed without accents', input: 'ma xac thuc la 4829', kinds: ['otp'], gone: '4829', kept: 'ma xac thuc' },
    { description: 'an OTP after "otp:"', input: 'OTP: 123456', kinds: ['otp'], gone: '123456', kept: 'OTP' },
    { description: 'a passcode', input: 'passcode 135790', kinds: ['otp'], gone: '135790', kept: 'passcode' },
    { description: 'a password', input: 'mật khẩu là Abc@12345 mà không vào được', kinds: ['password'], gone: 'Abc@12345', kept: 'không vào được' },
    { description: 'a password as "mk"', input: 'mk: hoa1990!', kinds: ['password'], gone: 'hoa1990!', kept: 'mk' },
    { description: 'a letters-only password after "mật khẩu:"', input: 'mật khẩu: matkhaucuatoi nhé', kinds: ['password'], gone: 'matkhaucuatoi', kept: 'nhé' },
    { description: 'a password after "pass là"', input: 'pass là Hoa@2024 đó', kinds: ['password'], gone: 'Hoa@2024', kept: 'đó' },
    { description: 'a bank card in groups of four', input: 'thẻ 9704 1234 5678 9012 bị trừ tiền', kinds: ['bank-card'], gone: '5678', kept: 'đuôi 9012' },
    { description: 'a bank account after "stk"', input: 'chuyển vào stk 1903456789012 techcombank', kinds: ['bank-account'], gone: '1903456789012', kept: 'techcombank' },
    { description: 'an account after "số tài khoản"', input: 'số tài khoản của tôi: 0451000123456', kinds: ['bank-account'], gone: '0451000123456', kept: 'đuôi 456' },
  ])('masks $description', ({ input, kinds, gone, kept }) => {
    const result = maskSecrets(input);
    expect(result.found).toEqual(kinds);
    expect(result.text).not.toContain(gone);
    expect(result.text).toContain(kept);
  });

  test.each([
    { description: 'a phone number (a scam report needs it)', input: 'số 0912345678 gọi cho tôi' },
    { description: 'an ordinary question', input: 'làm căn cước cho con 5 tuổi mất bao lâu' },
    { description: 'a year and an amount', input: 'năm 2025 tôi bị lừa 50000000 đồng' },
    { description: 'a ticket code', input: 'tra cứu TH-20251127-0042' },
    { description: 'the word "mã" without a code', input: 'mã số thuế là gì' },
    { description: 'a question about a forgotten password', input: 'quên mật khẩu vneid thì làm sao' },
    { description: 'a question about changing a password', input: 'đổi mật khẩu mới như thế nào?' },
    { description: 'a password question without diacritics', input: 'quen mat khau ung dung vneid' },
  ])('leaves $description alone', ({ input }) => {
    const result = maskSecrets(input);
    expect(result.found).toEqual([]);
    expect(result.text).toBe(input);
  });

  test('masks several secrets in one story and reports each', () => {
    const r = maskSecrets('Tôi lỡ đưa mã 123456 và cccd 038099001122 cho người gọi');
    expect(r.found).toEqual(['otp', 'citizen-id']);
    expect(r.text).not.toMatch(/123456|038099001122/);
  });

  test.each([
    'mật khẩu: matkhaucuatoi nhé',
    'mật khẩu là Abc@12345 mà không vào được',
    'Tôi lỡ đưa mã 123456 và cccd 038099001122 cho người gọi',
    'thẻ 9704 1234 5678 9012 bị trừ tiền, stk 1903456789012',
  ])('masking what is already masked changes nothing: "%s"', (input) => {
    const once = maskSecrets(input).text;
    expect(maskSecrets(once)).toEqual({ text: once, found: [] });
  });
});
