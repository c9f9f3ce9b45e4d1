import { describe, expect, it } from 'vitest';
import { expectGolden, runCli } from './run.js';

// The renderers fit any width (test/report/width.test.ts); here, that the CLI passes COLUMNS on.
describe('tables fit the terminal', () => {
  it('a wide terminal gets the table on one line per year', async () => {
    const wide = await runCli(['project', '--to', '2026'], { env: { COLUMNS: '200' } });
    expect(wide.stdout).toMatch(/^ Year +Population 0-17 +recommended \(regional growth\) +avg3 \(average rate\) +trend \(trend rate\)/m);
  });

  it('COLUMNS=60: the projection in column blocks, the assumptions wrapped (golden)', async () => {
    expectGolden('project-table-60.txt', (await runCli(['project', '--to', '2028'], { env: { COLUMNS: '60' } })).stdout);
  });

  it('sufficiency at the default width (golden)', async () => {
    expectGolden('sufficiency-table.txt', (await runCli(['sufficiency', '--to', '2028'])).stdout);
  });
});
