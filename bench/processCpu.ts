/**
 * CPU time of the processes a load benchmark involves, read from Linux's /proc: the server under test, every
 * PostgreSQL process on the machine, and the benchmark itself; and of the whole machine, with the time its virtual
 * CPUs waited for the host (steal: the same code's figures differ from one VM to the next by that much and more).
 * Where there is no /proc, nothing is reported.
 */
import fs from 'node:fs';

/** Where the machine's CPU went while a run was recorded: the server, PostgreSQL's processes, this load generator. */
export interface CpuSpent {
  serverMs: number;
  postgresMs: number;
  generatorMs: number;
  /** Every core's time, busy or idle (so a difference is elapsed time × cores). */
  machineMs: number;
  /** Of that, busy: anything but idle, I/O wait and steal. */
  machineBusyMs: number;
  /** Of that, time a virtual CPU wanted to run and the hypervisor ran someone else. */
  stealMs: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

/** User + system CPU of one process in ms, from /proc/<pid>/stat; undefined where there is no /proc. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU of every PostgreSQL process on this machine (server, backends, WAL writer…), in ms; 0 when none is local. */
function postgresCpuMs(): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // exited meanwhile
    }
    total += processCpuMs(Number(pid)) ?? 0;
  }
  return total;
}

/** The machine's first /proc/stat line: user nice system idle iowait irq softirq steal (guest is inside user). */
function machineCpuMs(): Pick<CpuSpent, 'machineMs' | 'machineBusyMs' | 'stealMs'> | undefined {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map((n) => (Number(n) * 1000) / CLOCK_TICKS_PER_SECOND) as [number, number, number, number, number, number, number, number];
    const busy = user + nice + system + irq + softirq;
    return { machineMs: busy + idle + iowait + steal, machineBusyMs: busy, stealMs: steal };
  } catch {
    return undefined;
  }
}

/** A reading of the CPU counters, taken at the start and end of the recorded seconds. */
export function readCpu(serverPid: number | undefined): CpuSpent | undefined {
  const serverMs = serverPid === undefined ? undefined : processCpuMs(serverPid);
  const machine = machineCpuMs();
  if (serverMs === undefined || machine === undefined) return undefined;
  const own = process.cpuUsage();
  return { serverMs, postgresMs: postgresCpuMs(), generatorMs: (own.user + own.system) / 1000, ...machine };
}

/** What was spent between two readings. */
export function cpuBetween(start: CpuSpent, end: CpuSpent): CpuSpent {
  const spent = {} as CpuSpent;
  for (const key of Object.keys(end) as Array<keyof CpuSpent>) spent[key] = end[key] - start[key];
  return spent;
}
