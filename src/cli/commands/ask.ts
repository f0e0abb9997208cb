/**
 * `donghanh ask "câu hỏi"`: the reply exactly as a citizen would read it.
 * `donghanh ask --json`: one JSON object per question, one per line, in input order — a stable contract that outside
 * evaluation tools rely on, so nothing else is ever written to standard output:
 *   {"question": "...", "outcome": "answer"|"clarify"|"fallback", "topic": "<entry id>"|null, "score": 0..1,
 *    "candidates": [{"topic": "<entry id>", "score": 0..1}, ...]}
 * Candidates are in rank order; for `clarify` they are exactly the choices offered.
 */
import readline from 'node:readline';
import type { Command } from 'commander';
import { renderReply } from '../../bot/render/plainText';
import { loadConfig } from '../../config';
import { formatProblem, type KnowledgeBase } from '../../knowledge/knowledgeBase';
import { loadKnowledge } from '../../knowledge/loader';
import { createMatcher } from '../../matching';
import type { Matcher, MatchResult } from '../../matching/types';

/** Loads and validates the knowledge folder, or throws with every problem listed (the CLI prints it to stderr). */
export async function openKnowledge(dir: string | undefined): Promise<KnowledgeBase> {
  const folder = dir ?? loadConfig().KNOWLEDGE_DIR;
  const result = await loadKnowledge(folder);
  if (result.ok) return result.knowledge;
  const errors = result.problems.filter((p) => p.severity === 'error').map(formatProblem);
  throw new Error(`kho kiến thức ${folder} có lỗi (chạy "donghanh kb check" để xem chi tiết):\n${errors.join('\n')}`);
}

/** Scores keep four decimals: enough to compare, stable to read. */
const rounded = (x: number): number => Math.round(x * 10_000) / 10_000;

export function toJsonLine(r: MatchResult): string {
  return JSON.stringify({
    question: r.question,
    outcome: r.outcome,
    topic: r.outcome === 'answer' ? (r.entry?.id ?? null) : null,
    score: rounded(r.score),
    candidates: r.candidates.map((c) => ({ topic: c.entry.id, score: rounded(c.score) })),
  });
}

/** One question per non-blank line of standard input, answered in order as each line arrives. */
async function answerStdin(matcher: Matcher): Promise<void> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${toJsonLine(matcher.match(line))}\n`);
  }
}

interface AskOptions {
  json?: boolean;
  knowledge?: string;
}

async function ask(words: string[], options: AskOptions): Promise<void> {
  const question = words.join(' ').trim();
  if (!question && !options.json) {
    throw new Error('hãy nhập câu hỏi, ví dụ: donghanh ask "quên mật khẩu VNeID thì làm sao"');
  }
  const kb = await openKnowledge(options.knowledge);
  const matcher = createMatcher(kb);
  if (!options.json) {
    process.stdout.write(`${renderReply(matcher.match(question), kb.settings)}\n`);
  } else if (question) {
    process.stdout.write(`${toJsonLine(matcher.match(question))}\n`);
  } else {
    await answerStdin(matcher);
  }
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('Hỏi bot một câu và in câu trả lời như người dân nhìn thấy')
    .argument('[question...]', 'câu hỏi (nên đặt trong dấu ngoặc kép)')
    .option('--json', 'in kết quả dạng JSON, mỗi câu hỏi một dòng; không có câu hỏi thì đọc từng dòng từ đầu vào chuẩn')
    .option('-k, --knowledge <dir>', 'thư mục kiến thức (mặc định KNOWLEDGE_DIR hoặc ./knowledge)')
    .addHelpText(
      'after',
      '\nVí dụ:\n  donghanh ask "lam lai cccd bi mat o dau"\n  printf "quen mk vneid\\nxin chào\\n" | donghanh ask --json',
    )
    .action(ask);
}
