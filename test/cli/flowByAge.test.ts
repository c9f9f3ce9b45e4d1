import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, root, runCli, temporaryFolder } from './run.js';

// Following "Your council in five minutes" with DfE's started and ceased files in --history-by-age
// (here Tower Hamlets' rows of them, fixtures/dfe/) and ONS's 0-17 estimates: flow cannot run by age
// band (no children in care by age band, no single years of age), and says what is missing.
const BY_AGE = [
  '--history-by-age',
  fixture('dfe/la_cla_who_started_tower_hamlets_age.csv'),
  '--history-by-age',
  fixture('dfe/la_children_who_ceased_tower_hamlets_age.csv'),
];
const ESTIMATES = ['--population', join(root, 'data/tower-hamlets-population-0-17-estimates.csv')];
const INPUTS = ['--history', join(root, 'data/tower-hamlets-cla-history.csv'), ...ESTIMATES, ...BY_AGE, '--base-year', '2022'];

describe('flow by age band from published files', () => {
  it('names what flow by age band lacks: the counts on 31 March by band, for which years, and single years of age', async () => {
    const result = await runCli(['project', ...INPUTS, '--methods', 'flow', '--to', '2024']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: flow ran on all children 0-17, not by age band: flow by age band needs, for at least one year to 2022 (ideally each of 2020-2022), ' +
        'children looked after on 31 March by age band that year and the year before, children starting by age band and a population by single year of age; ' +
        "lacking here: children looked after on 31 March by age band for 2019-2022; a population by single year of age (0-17 totals give no age bands: ONS's subnational projection or the GLA's gives them)\n",
    );
    // with ONS's projection (single years of age) only the counts on 31 March by band are lacking
    const withAges = await runCli([
      'project',
      ...INPUTS,
      '--population',
      join(root, 'data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
      '--methods',
      'flow',
      '--to',
      '2024',
    ]);
    expect(withAges.stderr).toMatch(/lacking here: children looked after on 31 March by age band for 2019-2022\n/);
  });

  it('with the 31 March file too and single years of age, flow runs by age band', async () => {
    // the 31 March characteristics sample holds one small council; Tower Hamlets' own by-age file
    // has its 31 March counts (2020-2022) as DfE publishes them
    const result = await runCli([
      'project',
      ...INPUTS,
      '--history-by-age',
      join(root, 'data/tower-hamlets-cla-by-age.csv'),
      '--population',
      join(root, 'data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
      '--methods',
      'flow',
      '--to',
      '2024',
    ]);
    expect(result.stderr).not.toMatch(/not by age band/);
    expect(result.stdout).toMatch(/flow \(by age band; rates of/);
  });

  it("edge-of-care's entry rule for 10-17s acts on their share of the starts; its exit rule on every child", async () => {
    // Tower Hamlets' history to 2022, the last year of the fixtures (scenario has no --base-year)
    const history = join(temporaryFolder(), 'history-to-2022.csv');
    writeFileSync(history, readFileSync(join(root, 'data/tower-hamlets-cla-history.csv'), 'utf8').split('\n').slice(0, 14).join('\n'));
    const result = await runCli(
      [
        'scenario',
        '--history',
        history,
        ...ESTIMATES,
        ...BY_AGE,
        '--population-extend',
        'trend',
        '--to',
        '2028',
        '--scenario',
        join(root, 'examples/edge-of-care.yaml'),
      ],
      { env: { COLUMNS: '1000' } },
    );
    expect(result.code, result.stderr).toBe(0);
    // fixtures/dfe/la_cla_who_started_tower_hamlets_age.csv, 2020-2022: 10-15s 34 + 28 + 44 = 106; 16 and
    // over 56 + 55 + 90 = 201 less UASC arrivals (38 - 0.5 x 46 = 15, 32 - 0.5 x 38 = 13, 70 - 0.5 x 32 = 54:
    // 82) = 119; all starts 459 - 82 = 377; (106 + 119) / 377 = 60%; x 0.9 on them: 1 - 0.0597 = 0.940
    expect(result.stdout).toContain(
      'Edge of care: on all children 0-17 (no counts in care by age band), its entry rule for 10to15, 16to17 acts on their 60% of the starts (the starts by age band of the years flow averages): entry rate x 0.940',
    );
  });
});
