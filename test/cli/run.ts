import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { main } from '../../src/cli/main.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** The environment a test run sees: no terminal width (tables at the default), no colour, CI. */
function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { COLUMNS: _terminal, ...env } = process.env;
  return { ...env, NO_COLOR: '1', CI: 'true', ...extra };
}

/**
 * Run the CLI on the source, in this process, as a user would: `main(argv, io)` with stdout and
 * stderr captured, from the project root (or `cwd`). The same code path as the built program,
 * without a build or a process start.
 */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const previous = process.cwd();
  process.chdir(options.cwd ?? root);
  try {
    const code = await main(args, {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: testEnv(options.env),
    });
    return { stdout: stdout.join(''), stderr: stderr.join(''), code };
  } finally {
    process.chdir(previous);
  }
}

/**
 * Run the built CLI as a separate process: only for what only a process shows (the exit code set
 * on the process, pipes and devices, a killed run, the installed walk-through). `npm test` builds
 * first.
 */
export function runProcess(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): RunResult {
  const result = spawnSync(process.execPath, [`${root}bin/lacproj.js`, ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: testEnv(options.env),
    input: options.input,
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

/** A temporary folder for one test file, removed when the file's tests end. */
export function temporaryFolder(prefix = 'lacproj-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Compare with a golden file under fixtures/golden; UPDATE_GOLDEN=1 rewrites it (review the diff). */
export function expectGolden(name: string, actual: string): void {
  const path = fixture(`golden/${name}`);
  const normalised = actual.replace(/lacproj[^\n]*?\d+\.\d+\.\d+/g, (m) => m.replace(/\d+\.\d+\.\d+/, 'X.Y.Z'));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, normalised);
  expect(normalised).toBe(readFileSync(path, 'utf8'));
}

/** The arguments of the golden HTML report (and the browser test's): short, so both stay quick. */
export const GOLDEN_REPORT_ARGS = ['report', '--to', '2028', '--simulations', '200'];
