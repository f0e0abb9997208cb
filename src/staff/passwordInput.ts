/**
 * Reads a password for `donghanh staff add` / `reset-password` without it ever being a command-line argument (which
 * `ps` and shell history would show): typed at a prompt with echo off when a person is at a terminal, otherwise the
 * first line of standard input (`printf '%s\n' "$PW" | donghanh staff add …`, or a secrets manager's pipe).
 */
import type { Readable, Writable } from 'node:stream';

export class PasswordInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordInputError';
  }
}

interface TtyInput extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface PasswordSource {
  input: TtyInput;
  /** Where prompts go (standard error, so standard output stays clean). */
  prompt: Writable;
}

/** Asks twice at a terminal (a typo would lock the person out); reads one line when piped. */
export async function readNewPassword(source: PasswordSource): Promise<string> {
  if (!source.input.isTTY || !source.input.setRawMode) return readFirstLine(source.input);
  const first = await promptHidden(source, 'Mật khẩu mới: ');
  const second = await promptHidden(source, 'Nhập lại mật khẩu: ');
  if (first !== second) throw new PasswordInputError('Hai lần nhập mật khẩu không khớp; chưa thay đổi gì.');
  return first;
}

/** The first line of a piped input, without its line ending. */
export async function readFirstLine(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    if (Buffer.concat(chunks).includes(0x0a)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new PasswordInputError('Không nhận được mật khẩu từ đầu vào chuẩn (stdin).');
  return line;
}

/** One line typed with echo off; Ctrl-C aborts, Backspace deletes. */
function promptHidden(source: PasswordSource, question: string): Promise<string> {
  const { input, prompt } = source;
  prompt.write(question);
  input.setRawMode!(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error): void => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string): void => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new PasswordInputError('Đã hủy.'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}
