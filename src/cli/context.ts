import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where the CLI writes: injected so tests can capture, and so only cli/ touches the streams. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour for stdout: a terminal, no --no-color, no NO_COLOR. */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Today's date, for checks such as "no history after the current year" (tests fix it). */
  today?: Date;
  /** The command line after `lacproj` (without --manifest), for outputs that record how they were made. */
  argv?: readonly string[];
  /** Whether named pipes may be read (not in a rerun: a manifest naming a pipe would wait for ever). */
  pipes?: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
};

const packageRoot = new URL('../../', import.meta.url);

export const toolVersion: string = (JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as { version: string }).version;

/**
 * Columns the text tables are fitted to: the terminal's width as the shell exports it in `COLUMNS`,
 * else 100 (so nothing is wider than 120 unless asked for). Read here: report/ takes it as an option.
 */
export function terminalWidth(io: Io): number {
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? Math.max(40, columns) : DEFAULT_TERMINAL_WIDTH;
}

const DEFAULT_TERMINAL_WIDTH = 100;

/**
 * The fonts PNG charts are drawn with: DejaVu Sans from the npm package dejavu-fonts-ttf, a
 * dependency, so a machine without fonts draws the same labels as any other.
 */
export function chartFonts(): { fontFiles: string[]; fontFamily: string } {
  const require = createRequire(import.meta.url);
  return {
    fontFamily: 'DejaVu Sans',
    fontFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`)),
  };
}

export function wantsColor(io: Io, option: boolean | undefined): boolean {
  if (option === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
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
