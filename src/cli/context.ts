import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OutputTransaction } from './outputs.js';

/** Where the CLI writes: injected so tests can capture, and so only cli/ touches the streams. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour for stdout: a terminal, no --no-color, no NO_COLOR. */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The run's outputs, written together when it succeeds (set by `main`). */
  outputs?: OutputTransaction;
  /** Today's date, for checks such as "no history after the current year" (tests fix it). */
  today?: Date;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
};

const packageRoot = new URL('../../', import.meta.url);

export const toolVersion: string = (
  JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as { version: string }
).version;

/** A bundled data file: its absolute path and the name messages use for it. */
export function bundled(name: string): { path: string; label: string } {
  return { path: fileURLToPath(new URL(`data/${name}`, packageRoot)), label: `data/${name}` };
}

export function wantsColor(io: Io, option: boolean | undefined): boolean {
  if (option === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}

/** An input file as JSON output and manifests describe it. */
export interface InputDescription {
  role: 'history' | 'history-by-age' | 'population' | 'regional history' | 'council regions' | 'interval calibration' | 'district lookup';
  file: string;
  layout: string;
  sha256: string;
}

/**
 * Today, for the plausibility checks: `io.today`, else `LACPROJ_TODAY` (an ISO date, for tests),
 * else the clock.
 */
export function todayOf(io: Io): Date {
  if (io.today) return io.today;
  const fixed = io.env.LACPROJ_TODAY;
  if (fixed && !Number.isNaN(Date.parse(fixed))) return new Date(fixed);
  return new Date();
}
