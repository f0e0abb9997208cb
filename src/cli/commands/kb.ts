/**
 * `donghanh kb …`: tools for trainers and CI working on the knowledge folder.
 * `registerKb` returns the `kb` command so other sub-commands (`kb eval`) can be attached to it from `main.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { writeJsonSchemas } from '../../knowledge/jsonSchema';
import { formatProblem, type KnowledgeProblem } from '../../knowledge/knowledgeBase';
import { loadKnowledge } from '../../knowledge/loader';
import { msg } from '../../knowledge/messages';
import { SCAM_DIR } from '../../knowledge/schema';
import { loadScamRules } from '../../scam/loadRules';

function knowledgeDir(dir: string | undefined): string {
  return dir ?? loadConfig().KNOWLEDGE_DIR;
}

/** Paths relative to where the command runs, so terminals and CI annotations can jump to the file. */
function displayed(problem: KnowledgeProblem, dir: string): string {
  const file = path.relative(process.cwd(), path.resolve(dir, problem.file)).split(path.sep).join('/');
  return formatProblem({ ...problem, file });
}

/** Entries and reserved files, then the scam checker's rules when the folder has them (they have their own loader). */
async function allProblems(dir: string): Promise<{ problems: KnowledgeProblem[]; summary: string; ok: boolean }> {
  const result = await loadKnowledge(dir);
  const scam = existsSync(path.join(dir, SCAM_DIR)) ? await loadScamRules(dir) : undefined;
  const problems = [...result.problems, ...(scam?.problems ?? [])];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (result.ok && (scam?.ok ?? true)) {
    return { ok: true, problems, summary: msg.checkPassed(result.knowledge.entries.length, result.knowledge.drafts.length, warnings) };
  }
  return { ok: false, problems, summary: msg.checkFailed(errors, warnings) };
}

async function check(dirArg: string | undefined): Promise<void> {
  const dir = knowledgeDir(dirArg);
  const { ok, problems, summary } = await allProblems(dir);
  for (const p of problems) process.stderr.write(`${displayed(p, dir)}\n`);
  process.stderr.write(`${summary}\n`);
  if (!ok) process.exitCode = 1;
}

async function schema(dirArg: string | undefined): Promise<void> {
  const dir = knowledgeDir(dirArg);
  const written = await writeJsonSchemas(dir);
  for (const file of written) process.stderr.write(`${msg.schemaWritten(path.relative(process.cwd(), file))}\n`);
}

export function registerKb(program: Command): Command {
  const kb = program.command('kb').description('Công cụ cho kho kiến thức (thư mục knowledge/)');

  kb.command('check')
    .description('Kiểm tra mọi tệp YAML, in từng lỗi dạng tệp:dòng:cột: trường: lời giải thích; thoát với mã 1 khi có lỗi')
    .argument('[dir]', 'thư mục kiến thức (mặc định KNOWLEDGE_DIR hoặc ./knowledge)')
    .action(check);

  kb.command('schema')
    .description('Sinh JSON Schema từ mẫu dữ liệu vào <dir>/schema/ để trình soạn thảo gợi ý và báo lỗi khi gõ')
    .argument('[dir]', 'thư mục kiến thức (mặc định KNOWLEDGE_DIR hoặc ./knowledge)')
    .action(schema);

  return kb;
}
