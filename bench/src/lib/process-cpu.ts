import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// /proc reports CPU time in clock ticks; 100 per second on every common Linux build.
const TICKS_PER_SECOND = readTicksPerSecond();

/**
 * CPU seconds (user + system, all threads) a running process has used so far, from
 * /proc/<pid>/stat: the kernel's own account, so the measured process does nothing extra.
 * Resolution is one clock tick (10 ms); measure over seconds, not milliseconds. Linux only.
 */
export function readProcessCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // The command name (field 2) may contain spaces; the fields after its ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

function readTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
