/**
 * `donghanh staff …`: console accounts from the command line, for the first administrator and for scripts.
 *   staff add <username> --role officer --commune "Xã Định Hòa" [--name "Nguyễn Văn An"]
 *   staff list [--json]
 *   staff disable <username> · staff enable <username>
 *   staff reset-password <username>
 * Passwords are typed at a hidden prompt or piped on standard input, never given as arguments. Every change is
 * written to the audit log as `cli:<system user>`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { loadConfig } from '../../config';
import { type Communes, CommunesFileSchema, RESERVED_FILES } from '../../knowledge/schema';
import { AccountRuleError } from '../../staff/accountService';
import type { AuditActor } from '../../staff/auditLog';
import { lookupCommune } from '../../staff/communeLookup';
import { readNewPassword } from '../../staff/passwordInput';
import { createStaffServices, type StaffServices } from '../../staff/staffServices';
import { ROLE_LABELS, type StaffAccount } from '../../staff/types';
import { type AppDatabase, openDatabase } from '../../storage/openDatabase';

class CliError extends Error {}

async function loadCommunes(knowledgeDir: string): Promise<Communes> {
  const file = path.join(knowledgeDir, RESERVED_FILES.communes);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new CliError(`Không đọc được ${file}: cần danh sách xã/phường để gắn tài khoản officer.`);
  }
  const parsed = CommunesFileSchema.safeParse(YAML.parse(text));
  if (!parsed.success) throw new CliError(`${file} có lỗi; chạy "donghanh kb check" để xem chi tiết.`);
  return parsed.data;
}

function cliActor(): AuditActor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // Some containers have no passwd entry for the current uid.
  }
  return { staffId: null, name: `cli:${user}`, address: null };
}

/** Opens the database (migrating it), runs `fn`, closes; rule violations become a one-line message and exit 1. */
async function withStaff(fn: (staff: StaffServices, communes: () => Promise<Communes>) => Promise<void>): Promise<void> {
  const config = loadConfig();
  let communes: Communes | undefined;
  const getCommunes = async (): Promise<Communes> => (communes ??= await loadCommunes(config.KNOWLEDGE_DIR));
  let db: AppDatabase | undefined;
  try {
    db = await openDatabase(config.DATABASE_URL);
    // The commune list is read only when an officer is created; other commands work without a knowledge folder.
    const known = new Set<string>();
    const staff = createStaffServices(db, { communeExists: (id) => known.has(id) });
    await fn(staff, async () => {
      const c = await getCommunes();
      for (const commune of c.communes) known.add(commune.id);
      return c;
    });
  } catch (err) {
    if (err instanceof AccountRuleError || err instanceof CliError) {
      process.stderr.write(`Lỗi: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  } finally {
    await db?.close();
  }
}

const passwordSource = () => ({ input: process.stdin, prompt: process.stderr });

function describe(account: StaffAccount, communeName?: string): string {
  const where = account.communeId ? `, ${communeName ?? account.communeId}` : '';
  return `${account.username} (${ROLE_LABELS[account.role]}${where})`;
}

export function registerStaff(program: Command): Command {
  const staff = program.command('staff').description('Quản lý tài khoản cán bộ dùng trang /staff');

  staff
    .command('add')
    .description('Tạo tài khoản; mật khẩu nhập ở lời nhắc (ẩn) hoặc qua đầu vào chuẩn, không bao giờ qua tham số')
    .argument('<username>', 'tên đăng nhập: chữ thường không dấu, số, dấu chấm, gạch ngang')
    .requiredOption('--role <role>', 'officer | supervisor | trainer | admin')
    .option('--commune <xã/phường>', 'bắt buộc với officer: tên hoặc mã xã/phường, ví dụ "Xã Định Hòa"')
    .option('--name <họ tên>', 'họ tên hiển thị trên trang quản lý')
    .action(async (username: string, options: { role: string; commune?: string; name?: string }) => {
      await withStaff(async ({ service }, communes) => {
        let communeId: string | null = null;
        let communeName: string | undefined;
        if (options.commune !== undefined) {
          const found = lookupCommune(await communes(), options.commune);
          if (!found.ok) throw new CliError(found.message);
          communeId = found.commune.id;
          communeName = found.commune.name;
        }
        const password = await readNewPassword(passwordSource()).catch((err: Error) => {
          throw new CliError(err.message);
        });
        const account = await service.create(cliActor(), {
          username,
          role: options.role,
          communeId,
          password,
          ...(options.name ? { displayName: options.name } : {}),
        });
        process.stderr.write(`Đã tạo tài khoản ${describe(account, communeName)}.\n`);
      });
    });

  staff
    .command('list')
    .description('Liệt kê tài khoản (tên, vai trò, xã/phường, trạng thái)')
    .option('--json', 'in mỗi tài khoản một dòng JSON')
    .action(async (options: { json?: boolean }) => {
      await withStaff(async ({ accounts }) => {
        const list = await accounts.list();
        if (options.json) {
          for (const a of list) process.stdout.write(`${JSON.stringify(a)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stderr.write('Chưa có tài khoản nào. Tạo tài khoản đầu tiên: donghanh staff add <tên> --role admin\n');
          return;
        }
        const rows = list.map((a) => [a.username, a.role, a.communeId ?? '—', a.disabledAt ? 'đã khóa' : 'hoạt động', a.displayName]);
        const header = ['TÊN ĐĂNG NHẬP', 'VAI TRÒ', 'XÃ/PHƯỜNG', 'TRẠNG THÁI', 'HỌ TÊN'];
        const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
        const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
        process.stdout.write(`${[header, ...rows].map(line).join('\n')}\n`);
      });
    });

  staff
    .command('disable')
    .description('Khóa tài khoản và kết thúc mọi phiên đăng nhập của nó')
    .argument('<username>')
    .action(async (username: string) => {
      await withStaff(async ({ service }) => {
        const account = await service.disable(cliActor(), username);
        process.stderr.write(`Đã khóa tài khoản ${account.username}; các phiên đăng nhập của tài khoản đã kết thúc.\n`);
      });
    });

  staff
    .command('enable')
    .description('Mở lại tài khoản đã khóa')
    .argument('<username>')
    .action(async (username: string) => {
      await withStaff(async ({ service }) => {
        const account = await service.enable(cliActor(), username);
        process.stderr.write(`Đã mở lại tài khoản ${account.username}.\n`);
      });
    });

  staff
    .command('reset-password')
    .description('Đặt mật khẩu mới (nhập ở lời nhắc hoặc qua đầu vào chuẩn); mọi phiên đăng nhập cũ kết thúc')
    .argument('<username>')
    .action(async (username: string) => {
      await withStaff(async ({ service, accounts }) => {
        // Checked before asking, so nobody types a password for a name that does not exist.
        if (!(await accounts.findByUsername(username))) throw new CliError(`Không có tài khoản "${username.toLowerCase()}".`);
        const password = await readNewPassword(passwordSource()).catch((err: Error) => {
          throw new CliError(err.message);
        });
        const account = await service.resetPassword(cliActor(), username, password);
        process.stderr.write(`Đã đặt lại mật khẩu cho ${account.username}; các phiên đăng nhập cũ đã kết thúc.\n`);
      });
    });

  return staff;
}
