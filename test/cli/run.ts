import { spawnSync } from 'node:child_process';
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
  const result = spawnSync(process.execPath, [`${root}bin/lacproj.js`, ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}
