import { readFileSync } from 'node:fs';

function cpuTimes(): { busy: number; total: number } {
  // First line of /proc/stat: user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of all CPUs busy over `milliseconds` (0–1), from /proc/stat: how noisy the machine is before we start. */
export async function machineBusyShare(milliseconds = 1000): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
  const after = cpuTimes();
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/** Waits until the machine is mostly idle (other work below `threshold`), for at most `maxSeconds`. */
export async function waitForQuiet(threshold: number, maxSeconds: number, log: (line: string) => void): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const busy = await machineBusyShare(2000);
    if (busy <= threshold || Date.now() > deadline) return busy;
    log(`  machine ${(busy * 100).toFixed(0)}% busy with other work; waiting for it to settle`);
  }
}

/** Busy CPU time of the whole machine so far, in clock ticks (all CPUs). */
export function machineBusyTicks(): number {
  return cpuTimes().busy;
}

/** CPU time a process has used so far (user + system), in clock ticks; 0 once it is gone. */
export function processCpuTicks(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
