import { readFileSync, writeFileSync } from 'node:fs';

/** Resident memory of a process, in bytes: now (VmRSS) and the peak since start or the last reset (VmHWM). */
export type ProcessMemory = { rss: number; peak: number };

/** Reads /proc/<pid>/status (Linux). */
export function readMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Resets the peak (VmHWM) to the current RSS, so each scenario reports its own peak rather
 * than the largest of the process's life. Writing 5 to clear_refs does this since Linux 4.0;
 * false when the kernel or the sandbox refuses.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
