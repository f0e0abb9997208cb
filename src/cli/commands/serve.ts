import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { startServer } from '../../server';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Chạy máy chủ của bot (mặc định cổng 3978)')
    .action(async () => {
      const config = loadConfig();
      await startServer(config);
    });
}
