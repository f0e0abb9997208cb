import type { Command } from 'commander';
import { loadConfig } from '../../config';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Chạy máy chủ của bot (mặc định cổng 3978)')
    .action(async () => {
      const config = loadConfig();
      // Loaded here, not at the top: restify and botbuilder take a second to load, which every other command would pay.
      const { startServer } = await import('../../server');
      await startServer(config);
    });
}
