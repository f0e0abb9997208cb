#!/usr/bin/env node
/**
 * `donghanh` — the command-line entry point. Each sub-command lives in `commands/` and registers itself here.
 * Standard output carries only what a command promises (answers, JSON lines); diagnostics go to standard error.
 */
import { Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { registerAsk } from './commands/ask';
import { registerCheck } from './commands/check';
import { registerData } from './commands/data';
import { registerKb } from './commands/kb';
import { registerKbEval } from './commands/kbEval';
import { registerServe } from './commands/serve';
import { registerStaff } from './commands/staff';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('donghanh')
    .description('Đồng hành — trợ lý hướng dẫn thủ tục hành chính, VNeID và cảnh báo lừa đảo')
    .showHelpAfterError('(dùng --help để xem hướng dẫn)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerServe(program);
  registerKbEval(registerKb(program)); // registerKb returns the `kb` command, to attach further sub-commands to
  registerAsk(program);
  registerStaff(program);
  registerCheck(program);
  registerData(program);
  return program;
}

async function main(): Promise<void> {
  // Only the entry point reads `.env`; `quiet` keeps dotenv's tips off standard output.
  loadDotenv({ quiet: true } as Parameters<typeof loadDotenv>[0]);
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`Lỗi: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  void main();
}
