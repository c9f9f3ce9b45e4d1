import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli/run.js';

const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

describe('what the repository ships', () => {
  it('the chart in docs/ is what lacproj chart draws today (node scripts/docs-chart.js redraws it)', async () => {
    const result = await runCli(['chart', '--to', '2035']);
    expect(result.code).toBe(0);
    expect(read('docs/tower-hamlets-projection.svg')).toBe(result.stdout);
  });

  it('has a LICENSE matching package.json, and ships it and examples/ in the package', async () => {
    const pkg = JSON.parse(read('package.json')) as { license: string; files: string[] };
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'dist', 'data', 'examples', 'LICENSE']));
    expect(existsSync(`${root}examples/edge-of-care.yaml`)).toBe(true);
    // the README's scenario examples point at the shipped files
    expect(read('README.md')).toContain('(`examples/` has three of these and three placement scenarios)');
    for (const named of read('README.md').match(/examples\/[\w-]+\.(yaml|csv)/g) ?? [])
      expect(existsSync(`${root}${named}`), named).toBe(true);
  });
});
