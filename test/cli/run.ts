import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Run the built CLI as a user would, without colour, from the project root. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  // The terminal's COLUMNS would change the tables' layout: tests use the default width unless they set it.
  const { COLUMNS: _terminal, ...env } = process.env;
  const result = spawnSync(process.execPath, [`${root}bin/lacproj.js`, ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1', CI: 'true', ...options.env },
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
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
