import type { Io } from './context.js';

/**
 * A one-line progress bar on stderr for long runs, only on a terminal and never under CI (where
 * carriage returns make logs unreadable).
 */
export function progressReporter(io: Io, label: string, total: number) {
  const active = io.stderrIsTTY && !io.env.CI && total > 1;
  let done = 0;
  const width = 24;
  return {
    tick(what: string) {
      if (!active) return;
      done++;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${what.slice(0, 40).padEnd(40)}`);
    },
    done() {
      if (active) io.stderr(`\r${' '.repeat(width + label.length + 60)}\r`);
    },
  };
}
