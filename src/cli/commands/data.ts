/**
 * `donghanh data purge [--days N] [--dry-run] [--json]`: applies the retention rule (RETENTION_DAYS, 180 by default):
 * transcripts of tickets closed more than N days ago are deleted, the anonymous statistics kept, and web-chat
 * conversations idle for N days are deleted with their history (it holds what citizens typed, masked), except those
 * a ticket still keeping its transcript comes from: officers' replies to it are delivered there. Meant for
 * a daily cron job or systemd timer; prints one line (or one JSON object) on standard output.
 */
import type { Command } from 'commander';
import { ConversationStore } from '../../channels/directline/conversationStore';
import { loadConfig } from '../../config';
import { purgeClosedTranscripts } from '../../escalation/retention';
import { type AppDatabase, openDatabase } from '../../storage/openDatabase';

interface PurgeCliOptions {
  days?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerData(program: Command): Command {
  const data = program.command('data').description('Quản lý dữ liệu lưu trữ (thời hạn lưu trữ phiếu phản ánh)');
  data
    .command('purge')
    .description('Xoá nội dung các phiếu đã đóng quá thời hạn lưu trữ (RETENTION_DAYS), giữ lại số liệu thống kê')
    .option('--days <n>', 'số ngày lưu trữ, thay cho RETENTION_DAYS')
    .option('--dry-run', 'chỉ đếm, không xoá gì')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (options: PurgeCliOptions) => {
      const config = loadConfig();
      const days = options.days === undefined ? config.RETENTION_DAYS : Number(options.days);
      if (!Number.isInteger(days) || days < 1) {
        process.stderr.write(`Lỗi: --days phải là số nguyên dương (số ngày), nhận được "${options.days}".\n`);
        process.exitCode = 1;
        return;
      }
      let db: AppDatabase | undefined;
      try {
        db = await openDatabase(config.DATABASE_URL);
        const dryRun = options.dryRun === true;
        const result = await purgeClosedTranscripts(db, days, { dryRun });
        const conversations = new ConversationStore(db);
        const cutoff = Date.now() - days * 24 * 3600 * 1000;
        const webChatConversations = dryRun ? await conversations.countIdleSince(cutoff) : await conversations.purgeIdleSince(cutoff);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ days, dryRun, ...result, webChatConversations })}\n`);
        } else {
          const verb = dryRun ? 'Sẽ xoá' : 'Đã xoá';
          process.stdout.write(
            `${verb} nội dung của ${result.tickets} phiếu (${result.messages} tin nhắn) đã đóng quá ${days} ngày và ` +
              `${webChatConversations} cuộc trò chuyện web không hoạt động quá ${days} ngày; số liệu thống kê được giữ lại.\n`,
          );
        }
      } finally {
        await db?.close();
      }
    });
  return data;
}
