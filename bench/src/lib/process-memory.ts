import { readFile, writeFile } from 'node:fs/promises';

export type ProcessMemory = { rssBytes: number; peakRssBytes: number };

/** Current and peak resident set size of a Linux process, from /proc/<pid>/status. */
export async function readProcessMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: fieldBytes(status, 'VmRSS'), peakRssBytes: fieldBytes(status, 'VmHWM') };
}

/** Peak resident memory of a process in whole MB: a figure to print, never to assert. */
export async function readPeakRssMb(pid: number): Promise<number> {
  return Math.round((await readProcessMemory(pid)).peakRssBytes / 1024 / 1024);
}

/**
 * Resets the kernel's peak-RSS mark (VmHWM) to the current RSS, so that a later read gives
 * the peak of what happened in between, not of the process start. Needs Linux ≥ 4.0 and
 * permission to write the process's clear_refs (same user or root).
 */
export async function resetPeakRss(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/**
 * Polls the RSS every `intervalMs` as a cross-check of VmHWM (a sampler can miss a short
 * spike; VmHWM cannot). `stop()` returns the highest RSS seen.
 */
export function sampleRss(pid: number, intervalMs = 10): { stop(): Promise<number> } {
  let highest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rssBytes } = await readProcessMemory(pid).catch(() => ({ rssBytes: 0 }));
      highest = Math.max(highest, rssBytes);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return highest;
    },
  };
}

/** Decimal megabytes (10^6 bytes), the unit the targets are stated in. */
export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function fieldBytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) {
    throw new Error(`no ${field} in /proc status`);
  }
  return Number(match[1]) * 1024;
}
