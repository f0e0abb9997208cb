import { isCancel, recognizeEscalationIntent } from '../../src/escalation/intents';

describe('recognizeEscalationIntent', () => {
  test.each([
    { input: 'tra cứu TH-20251127-0042', expected: { kind: 'lookup', code: 'TH-20251127-0042' } },
    { input: 'tra cuu th 20251127 42', expected: { kind: 'lookup', code: 'TH-20251127-0042' } },
    { input: 'TH-20251127-0042', expected: { kind: 'lookup', code: 'TH-20251127-0042' } },
    { input: 'mã phiếu TH-20251127-0042 sao chưa thấy trả lời ạ', expected: { kind: 'lookup', code: 'TH-20251127-0042' } },
    { input: 'tra cứu phản ánh', expected: { kind: 'lookup' } },
    { input: 'kiem tra phan anh cua toi', expected: { kind: 'lookup' } },
    { input: 'Bổ sung cho phản ánh TH-20251127-0042', expected: { kind: 'append', code: 'TH-20251127-0042' } },
    { input: 'bổ sung thông tin', expected: { kind: 'append' } },
    { input: 'gặp cán bộ', expected: { kind: 'person' } },
    { input: 'cho tôi hỏi công an', expected: { kind: 'person' } },
    { input: 'cho em gặp công an xã với ạ', expected: { kind: 'person' } },
    { input: 'toi muon noi chuyen voi nguoi that', expected: { kind: 'person' } },
    { input: 'Chuyển cho cán bộ giúp tôi', expected: { kind: 'person' } },
    { input: 'tổng đài viên', expected: { kind: 'person' } },
  ])('"$input" is $expected.kind', ({ input, expected }) => {
    expect(recognizeEscalationIntent(input)).toEqual(expected);
  });

  test.each([
    'cho tôi hỏi công an xã làm căn cước mất bao lâu',
    'gặp công an xã để làm căn cước thì mang gì',
    'cán bộ công an xã làm việc giờ nào',
    'tra cứu mã số thuế cá nhân',
    'tra cứu căn cước online',
    'xem thông tin cư trú trên VNeID',
    'công an',
    'Tôi đã gửi phản ánh TH-20251127-0042 từ tuần trước nhưng muốn hỏi thêm một việc khác về tạm trú cho con tôi đang học ở xa',
    'năm 2025 tôi làm căn cước',
    '',
  ])('"%s" is not an escalation command', (input) => {
    expect(recognizeEscalationIntent(input)).toBeUndefined();
  });
});

describe('isCancel', () => {
  test.each(['hủy', 'Huỷ', 'huy', 'thôi', 'thoi nhe', 'không gửi nữa', 'Dừng lại'])('"%s" cancels', (input) => {
    expect(isCancel(input)).toBe(true);
  });
  test.each(['thôi việc thì làm thủ tục gì', 'hủy đăng ký tạm trú', 'không'])('"%s" does not', (input) => {
    expect(isCancel(input)).toBe(false);
  });
});
