import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder a test makes (with os.tmpdir(), in the test workers and in the processes
 * they start) goes inside one folder for the run, removed when the run ends.
 */
export function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'lacproj-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
