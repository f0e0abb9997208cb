/**
 * `donghanh check "<tin nhắn>"`: is this message a scam? Without an argument the whole of standard input is read,
 * so a multi-line SMS can be piped or pasted. `--json` prints exactly {"risk","reasons","topic","urls"} on one line.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { formatProblem } from '../../knowledge/knowledgeBase';
import { loadScamChecker } from '../../scam';
import { ADVICE, cliMsg, RISK_LABELS } from '../../scam/messages';
import type { ScamVerdict } from '../../scam/types';

interface CheckOptions {
  json?: boolean;
  rules?: string;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${cliMsg.pasteHint}\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON contract, field by field, so nothing internal ever leaks into it. */
export function verdictJson(verdict: ScamVerdict): string {
  return JSON.stringify({
    risk: verdict.risk,
    reasons: verdict.reasons.map((r) => ({ code: r.code, text: r.text })),
    topic: verdict.topic,
    urls: verdict.urls,
  });
}

export function verdictText(verdict: ScamVerdict): string {
  // A low verdict's "reasons" are notes and the rules reminder, not reasons for alarm.
  const title = verdict.risk === 'low' ? cliMsg.notesTitle : cliMsg.reasonsTitle;
  const lines = [cliMsg.riskLine(RISK_LABELS[verdict.risk]), '', title, ...verdict.reasons.map((r) => `  - ${r.text}`)];
  if (verdict.urls.length > 0) lines.push('', cliMsg.urlsTitle, ...verdict.urls.map((u) => `  - ${u}`));
  lines.push('', cliMsg.adviceTitle, ...ADVICE[verdict.risk].map((a) => `  - ${a}`));
  if (verdict.topic) lines.push('', cliMsg.topicLine(verdict.topic));
  return `${lines.join('\n')}\n`;
}

export function registerCheck(program: Command): Command {
  return program
    .command('check')
    .description('Kiểm tra một tin nhắn, đường link hoặc số điện thoại có dấu hiệu lừa đảo không')
    .argument('[text...]', 'nội dung cần kiểm tra; bỏ trống để đọc từ đầu vào chuẩn (stdin)')
    .option('--json', 'in kết quả dạng JSON trên một dòng')
    .option('--rules <dir>', 'thư mục kiến thức chứa scam/*.yaml (mặc định KNOWLEDGE_DIR)')
    .action(async (words: string[], options: CheckOptions) => {
      const knowledgeDir = path.resolve(options.rules ?? loadConfig().KNOWLEDGE_DIR);
      const text = words.length > 0 ? words.join(' ') : await readStdin();
      if (!text.trim()) {
        process.stderr.write(`${cliMsg.emptyInput}\n`);
        process.exitCode = 2;
        return;
      }
      const loaded = await loadScamChecker(knowledgeDir);
      if (!loaded.ok) {
        const errors = loaded.problems.filter((p) => p.severity === 'error');
        for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
        process.stderr.write(`${cliMsg.rulesInvalid(errors.length)}\n`);
        process.exitCode = 1;
        return;
      }
      const verdict = loaded.checker.check(text);
      process.stdout.write(options.json ? `${verdictJson(verdict)}\n` : verdictText(verdict));
    });
}
