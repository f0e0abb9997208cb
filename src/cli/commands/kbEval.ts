/**
 * `donghanh kb eval [cases] [--json]`: how well the matcher answers. Without a file: leave-one-out over the entries'
 * own example questions. With a YAML file (or a folder of them) of `{q, expect}` cases, `expect` an entry id or
 * `none`. Reports go to standard output; the progress bar and warnings to standard error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { createMatcher } from '../../matching';
import { isWithin } from '../../matching/family';
import { evaluateCases, leaveOneOut, OUT_OF_SCOPE, type EvalCase, type EvalReport, type Progress } from '../../matching/evaluation';
import { openKnowledge } from './ask';

const CaseSchema = z.object({ q: z.string().trim().min(1), expect: z.string().trim().min(1) }).strict();

async function yamlFilesIn(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => {
    throw new Error(`không tìm thấy tệp hoặc thư mục ${target}`);
  });
  if (!stat.isDirectory()) return [target];
  const items = await fs.readdir(target, { withFileTypes: true, recursive: true });
  return items
    .filter((i) => i.isFile() && /\.ya?ml$/i.test(i.name))
    .map((i) => path.join(i.parentPath, i.name))
    .sort();
}

/** The cases of one file: a list of `{q, expect}` (or `{cases: [...]}`), each problem named by its position. */
function casesOf(file: string, source: string): EvalCase[] {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new Error(`${file}: YAML không hợp lệ: ${doc.errors[0]!.message.split('\n')[0]}`);
  const data: unknown = doc.toJS();
  const list = Array.isArray(data) ? data : (data as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(list)) throw new Error(`${file}: cần một danh sách các mục {q: "câu hỏi", expect: "mã mục hoặc none"}`);
  return list.map((item, i) => {
    const parsed = CaseSchema.safeParse(item);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((x) => String(x.path[0] ?? '')))].filter(Boolean).join(', ');
      throw new Error(`${file}: mục thứ ${i + 1} cần có q (câu hỏi) và expect (mã mục hoặc none)${fields ? `; sai ở: ${fields}` : ''}`);
    }
    return { ...parsed.data, origin: path.basename(file) };
  });
}

/** Every case of a file or a folder of files; a malformed file stops the run with its name and the reason. */
export async function readCases(target: string): Promise<EvalCase[]> {
  const files = await yamlFilesIn(target);
  if (files.length === 0) throw new Error(`không có tệp .yaml nào trong ${target}`);
  const cases: EvalCase[] = [];
  for (const file of files) cases.push(...casesOf(file, await fs.readFile(file, 'utf8')));
  return cases;
}

/** `[#######.............]  35% 120/345` redrawn in place; only on a terminal, so logs stay clean. */
function progressBar(stream: NodeJS.WriteStream): Progress | undefined {
  if (!stream.isTTY) return undefined;
  const width = 30;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`);
    if (done === total) stream.write('\n');
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function formatReport(r: EvalReport, label: string): string {
  const lines = [
    `Đánh giá: ${label} — ${r.cases} câu (${r.inScope} trong phạm vi, ${r.outOfScope} ngoài phạm vi)`,
  ];
  if (r.inScope > 0) {
    lines.push(
      `  Top-1 đúng:                      ${pct(r.top1Accuracy)}`,
      `  Trả lời ngay, đúng mục:          ${pct(r.answeredCorrectly)}`,
      `  Hỏi lại (clarify):               ${pct(r.clarifyRate)}  (mục đúng có trong lựa chọn: ${pct(r.clarifyContainsRight)})`,
      `  Trả lời sai mà chắc chắn:        ${pct(r.wrongAnswerRate)}`,
      `  Không trả lời được (fallback):   ${pct(r.fallbackRate)}`,
    );
  }
  if (r.outOfScope > 0) {
    lines.push(
      `  Ngoài phạm vi mà vẫn trả lời:    ${pct(r.falseAnswerRate)}`,
      `  Ngoài phạm vi mà hỏi lại:        ${pct(r.outOfScopeClarifyRate)}`,
    );
  }
  const worst = r.confusions.slice(0, 15);
  if (worst.length > 0) {
    lines.push('', 'Nhầm lẫn nhiều nhất (mong đợi → xếp đầu):');
    for (const c of worst) lines.push(`  ${c.count}× ${c.expect} → ${c.got}   «${c.example}»`);
  }
  return lines.join('\n');
}

/** Cases whose expected id matches no live entry can never be right: say so rather than count them silently. */
function warnUnknownExpectations(cases: readonly EvalCase[], kb: KnowledgeBase): void {
  const unknown = new Set(
    cases.filter((c) => c.expect !== OUT_OF_SCOPE && !kb.entries.some((e) => isWithin(e.id, c.expect))).map((c) => c.expect),
  );
  for (const id of unknown) process.stderr.write(`Cảnh báo: không có mục nào có mã "${id}" (các câu mong đợi mã này luôn bị tính sai)\n`);
}

interface EvalOptions {
  json?: boolean;
  knowledge?: string;
}

async function runEval(casesPath: string | undefined, options: EvalOptions): Promise<void> {
  const kb = await openKnowledge(options.knowledge);
  const progress = progressBar(process.stderr);
  let report: EvalReport;
  let label: string;
  if (casesPath) {
    const cases = await readCases(casesPath);
    warnUnknownExpectations(cases, kb);
    report = evaluateCases(createMatcher(kb), cases, progress);
    label = casesPath;
  } else {
    report = leaveOneOut(kb, {}, progress);
    label = 'bỏ-một-ra (leave-one-out) trên câu hỏi mẫu của các mục';
  }
  if (options.json) {
    const { results, ...summary } = report;
    const failures = results.filter((r) => !r.correct);
    process.stdout.write(`${JSON.stringify({ source: casesPath ?? 'leave-one-out', ...summary, failures })}\n`);
  } else {
    process.stdout.write(`${formatReport(report, label)}\n`);
  }
}

/** Adds `eval` to the `kb` command that `registerKb` returns. */
export function registerKbEval(kb: Command): void {
  kb.command('eval')
    .description('Đo độ chính xác của việc tìm câu trả lời: top-1, tỉ lệ hỏi lại, trả lời sai, trả lời câu ngoài phạm vi')
    .argument('[cases]', 'tệp YAML (hoặc thư mục) gồm các mục {q, expect}; bỏ trống để đánh giá bỏ-một-ra trên câu hỏi mẫu')
    .option('--json', 'in kết quả dạng một đối tượng JSON')
    .option('-k, --knowledge <dir>', 'thư mục kiến thức (mặc định KNOWLEDGE_DIR hoặc ./knowledge)')
    .addHelpText(
      'after',
      '\nMột mục được tính đúng khi mục xếp đầu là mục mong đợi hoặc một mục con của nó;\n' +
        'với expect: none, đúng khi bot không trả lời thẳng.\n\nVí dụ:\n  donghanh kb eval\n  donghanh kb eval test/eval/questions.yaml --json',
    )
    .action(runEval);
}
