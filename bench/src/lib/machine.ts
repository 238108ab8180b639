import { cpus, loadavg } from 'node:os';

/** One line naming the machine a figure was measured on; the load shows how shared it was. */
export function describeMachine(): string {
  const [one, five] = loadavg();
  return (
    `machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ` +
    `load average ${one?.toFixed(1)} (1 min) / ${five?.toFixed(1)} (5 min)`
  );
}
