import { describe, expect, it } from 'vitest';
import { expectGolden, fixture, runCli } from './run.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

// Every text table and its prose fit the width COLUMNS gives, 100 when it is not set.
const commands: [string, string[]][] = [
  ['project', ['project', '--explain']],
  ['backtest', ['backtest']],
  ['scenario', ['scenario', '--scenario', 'examples/edge-of-care.yaml', '--scenario', 'examples/more-uasc.yaml']],
  ['sufficiency', ['sufficiency']],
  ['episodes summarise', ['episodes', 'summarise', '--episodes', fixture('ssda903-sample')]],
];

describe('tables fit the terminal', () => {
  it.each(commands)('lacproj %s: no line wider than 100 by default, nor than COLUMNS=60', async (_name, args) => {
    const byDefault = await runCli(args);
    expect(byDefault.code).toBe(0);
    expect(widest(byDefault.stdout)).toBeLessThanOrEqual(100);
    const narrow = await runCli(args, { env: { COLUMNS: '60' } });
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    // the same figures, only laid out differently (column blocks repeat the years)
    const figures = (text: string) => [...new Set(text.match(/\d[\d,.]*%?/g) ?? [])].sort();
    expect(figures(narrow.stdout)).toEqual(figures(byDefault.stdout));
  });

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
