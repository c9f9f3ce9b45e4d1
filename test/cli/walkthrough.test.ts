import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run.js';

// The README's "Your council in five minutes" is examples/your-council.sh: run it as a user would
// (a council other than Tower Hamlets, from the national files), and hold the README to it.
const script = readFileSync(`${root}examples/your-council.sh`, 'utf8');
const readme = readFileSync(`${root}README.md`, 'utf8');

describe('Your council in five minutes', () => {
  it("shows the script's commands and the example files in the README, as they are", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${...}, not a template
    expect(readme).toContain(script.slice(script.indexOf('LACPROJ=${LACPROJ:-lacproj}')));
    for (const file of ['placements.csv', 'capacity.csv']) {
      for (const line of readFileSync(`${root}examples/${file}`, 'utf8').trim().split('\n')) expect(readme).toContain(line);
    }
    expect(readme).toContain(readFileSync(`${root}examples/costs.csv`, 'utf8').trim());
  });

  it('runs every command for Manchester: a projection led by the recommended one, a backtest, a scenario and a workbook', () => {
    const out = mkdtempSync(join(tmpdir(), 'lacproj-walk-'));
    const run = spawnSync('bash', [`${root}examples/your-council.sh`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LACPROJ: `${process.execPath} ${root}bin/lacproj.js`, OUT: out, NO_COLOR: '1', CI: 'true' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Manchester \(E08000003, 352\): children looked after on 31 March\nRecommended: /m);
    expect(run.stdout).toMatch(/^Backtest of Manchester \(E08000003, 352\): origins 2016-2021/m);
    expect(run.stdout).toMatch(/Manchester \(E08000003, 352\): children looked after on 31 March by scenario/);
    expect(run.stderr).toMatch(/population extended on request|--population-extend trend|wrote /);
    expect(existsSync(join(out, 'sufficiency.xlsx'))).toBe(true);
  });
});
