/**
 * "Pasted message or question?" — the decision that runs the scam checker unasked. Messages come from the checker's
 * evaluation set (as citizens receive them), questions from the matcher's (as citizens ask them), so the table
 * follows what real input looks like rather than examples written to pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { looksLikePastedMessage, readPastedMessage } from '../../src/scam/pastedMessage';

interface EvalMessage {
  id: string;
  channel?: string;
  text: string;
}

const EVAL = path.resolve(__dirname, '../eval');
const messages = (parse(readFileSync(path.join(EVAL, 'scam-messages.yaml'), 'utf8')) as { messages: EvalMessage[] }).messages;
const questions: string[] = (parse(readFileSync(path.join(EVAL, 'questions.yaml'), 'utf8')) as Array<{ q: string }>).map(
  (c) => c.q,
);

function message(id: string): string {
  const found = messages.find((m) => m.id === id);
  if (!found) throw new Error(`no message ${id} in scam-messages.yaml`);
  return found.text;
}

describe('pasted messages are recognised', () => {
  test.each([
    ['a sender line above a fake fine with a link', 'phat-nguoi-dichvucongs'],
    ['"CSGT:" and a link with a digit for a letter', 'phat-nguoi-digit-zero'],
    ['a bank name alone on the first line', 'vcb-sinh-trac-hoc'],
    ['a link shortener in a bank warning', 'agribank-bitly'],
    ['an account number in a loan advert', 'vay-sieu-toc'],
    ['a genuine OTP message', 'bidv-otp-co-dau'],
    ['an OTP code without diacritics', 'vneid-ma-kich-hoat'],
    ['a balance change with a masked account number', 'tcb-bien-dong-so-du'],
    ['an appointment reminder with dichvucong.gov.vn', 'dvc-hen-tra-ket-qua'],
    ['a phone number in a VNeID threat', 'vneid-goi-so-di-dong'],
    ['a school asking for a transfer', 'nha-truong-thu-tien'],
    ['a commune police notice on a .gov.vn site', 'cong-an-xa-thong-bao-gov'],
    ['an investment pitch with an amount and a site', 'dau-tu-chung-khoan-quoc-te'],
    ['a "Thông báo" advert with a bare domain', 'cod-chua-thanh-toan'],
  ])('%s (%s)', (_description, id) => {
    expect(looksLikePastedMessage(message(id))).toBe(true);
  });
});

describe('questions are left to the knowledge base', () => {
  test.each([
    'tinnhiemmang.vn dùng để làm gì',
    'sms bao o to cua toi vuot den do, bao vao dichvucongg.top nop phat',
    'Chú ơi tra cứu căn cước online ở đâu ạ? Cháu nghe nói trên dichvucong.gov.vn',
    'tin nhan phat nguoi co link dichvucong.online de nop phat co that ko',
    'Mình nhận tin nhắn báo phạt nguội, bảo vào trang dichvucong.gov.vn.xyz để nộp tiền phạt 1.200.000đ, có thật không ạ',
    'Em làm nhiệm vụ trên nhóm Telegram, lúc đầu rút được 600k, giờ họ bảo thao tác sai, phải nạp thêm 15 triệu mới rút được tiền, em có nên nạp không',
    'tôi đọc mã otp cho người tự xưng ngân hàng rồi, tiền chưa mất, giờ phải làm gì',
    'đã chuyển khoản nhầm cho kẻ gian, gọi ngân hàng chặn được không',
    'vay 3 triệu mà giờ đòi 30 triệu thì báo ai',
    'CCCD: mất thì làm lại ở đâu',
    'cho hỏi: đổi căn cước cho con 14 tuổi cần gì',
    'Chào bạn\nTôi muốn làm căn cước cho con',
    'Alo\nlàm lại căn cước mất bao lâu',
    'Dạ em chào anh chị\nEm muốn đăng ký tạm trú cho người thuê trọ',
  ])('%s', (question) => {
    expect(looksLikePastedMessage(question)).toBe(false);
  });

  test('no question of the matcher’s evaluation set reads as a pasted message', () => {
    expect(questions.length).toBeGreaterThan(300);
    expect(questions.filter(looksLikePastedMessage)).toEqual([]);
  });

  test('nearly every SMS of the checker’s evaluation set reads as a pasted message', () => {
    const sms = messages.filter((m) => m.channel === 'sms');
    const missed = sms.filter((m) => !looksLikePastedMessage(m.text)).map((m) => m.id);
    expect(sms.length).toBeGreaterThan(40);
    expect(missed.length / sms.length).toBeLessThanOrEqual(0.05);
  });
});

describe('the traces it reads', () => {
  test.each([
    { text: '18001096\nCuc CSGT thong bao: ban co khoan phat', trait: 'sender-line' },
    { text: '[VCB] Tai khoan cua Quy khach bi khoa', trait: 'sender-line' },
    { text: 'Vietcombank trân trọng thông báo lịch nghỉ lễ', trait: 'sender-line' },
    { text: 'vao https://abc.xyz/login ngay', trait: 'link' },
    { text: 'vao abc.xyz ngay', trait: 'bare-domain' },
    { text: 'Ma OTP cua ban la 739512', trait: 'code' },
    { text: 'chuyen vao STK 0123456789 MB Bank', trait: 'account-number' },
    { text: 'TK 1903xxxx8899 -1,500,000VND', trait: 'account-number' },
    { text: 'chị chuyển khoản giúp em nhé', trait: 'transfer' },
    { text: 'liên hệ 0912 345 678', trait: 'phone' },
    { text: 'phí xử lý 1.500.000đ', trait: 'amount' },
    { text: 'thu nhập 300-500k/ngày', trait: 'amount' },
    { text: 'Quý khách vui lòng cập nhật', trait: 'notice-wording' },
  ] as const)('$trait in "$text"', ({ text, trait }) => {
    expect(readPastedMessage(text).traits).toContain(trait);
  });

  test.each([
    { text: 'Tổng đài 0948.683.917', trait: 'amount', why: 'a phone number written with dots is not an amount' },
    { text: 'Con gửi bố xem tin này: nộp phạt ngay', trait: 'sender-line', why: 'the citizen’s own words before a colon are not a sender' },
    { text: 'Cho hỏi: làm căn cước ở đâu', trait: 'sender-line', why: '"cho hỏi:" is a question' },
  ] as const)('no $trait in "$text": $why', ({ text, trait }) => {
    expect(readPastedMessage(text).traits).not.toContain(trait);
  });

  test('a question mark counts only at the end: an advert may open with a rhetorical one', () => {
    expect(readPastedMessage('Bạn bị lừa đảo qua mạng? Văn phòng luật sư lấy lại tiền 100%').questionTraits).not.toContain('question-mark');
    expect(readPastedMessage('Link này có sao không?').questionTraits).toContain('question-mark');
  });

  test.each(['', '   ', '\n\n'])('empty input (%j) is not a message', (text) => {
    expect(readPastedMessage(text)).toEqual({ pasted: false, score: 0, traits: [], questionTraits: [] });
  });
});
