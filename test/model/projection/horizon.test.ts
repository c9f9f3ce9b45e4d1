import { describe, expect, it } from 'vitest';
import { projectAreas } from '../../../src/app/project.js';
import { fixture } from '../../cli/run.js';
import { DEFAULT_SETTINGS, testContext } from '../../helpers/runs.js';

// Each simulated path draws from its own stream (seed, path number), so a year's interval cannot
// depend on how far the projection runs: the years both cover are the same projected to 2027 or 2035.
async function flowYears(to: number, extra: Record<string, unknown> = {}) {
  const { reports } = await projectAreas(testContext(), {
    ...DEFAULT_SETTINGS,
    methods: ['flow'],
    defaultMethods: false,
    simulations: 300,
    to,
    ...extra,
  });
  return reports[0]!.projection.methods[0]!.years;
}

describe('a simulated interval for a year does not change with the horizon', () => {
  it('flow on the bundled data', async () => {
    const short = await flowYears(2027);
    const long = await flowYears(2035);
    expect(short.map((y) => y.year)).toEqual([2026, 2027]);
    expect(long.slice(0, 2)).toEqual(short);
    // a range, not a point
    expect(short[1]!.upper80 - short[1]!.lower80).toBeGreaterThan(10);
  });

  it('flow with durations from SSDA903 returns', async () => {
    const returns = {
      episodes: [fixture('ssda903-sample')],
      history: [fixture('ssda903-sample-history.csv')],
      population: [
        fixture('../data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
        fixture('../data/tower-hamlets-population-0-17-estimates.csv'),
      ],
    };
    const short = await flowYears(2024, returns);
    const long = await flowYears(2030, returns);
    expect(short.length).toBeGreaterThan(0);
    expect(long.slice(0, short.length)).toEqual(short);
  });
});
