import { describe, expect, it } from 'vitest';
import { backtestAreas } from '../../src/app/backtest.js';
import { summariseEpisodes } from '../../src/app/episodes.js';
import { projectAreas } from '../../src/app/project.js';
import { scenarioRuns } from '../../src/app/scenario.js';
import { sufficiencyAreas } from '../../src/app/sufficiency.js';
import { renderOutput, type OutputName, type Outputs } from '../../src/report/outputs.js';
import { DEFAULT_SETTINGS, testContext } from '../helpers/runs.js';

const header = { command: 'test', parameters: {}, inputs: [], notes: [] };
const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
/** The figures a table shows: laid out in blocks, they must still all be there. */
const figures = (text: string) => [...new Set(text.match(/\d[\d,.]*%?/g) ?? [])].sort();

// One result of each command (as the command's defaults make it), rendered at several widths.
const settings = { ...DEFAULT_SETTINGS, simulations: 200 };
const projection = await projectAreas(testContext(), { ...settings, defaultMethods: true });
const backtest = await backtestAreas(testContext(), {
  ...settings,
  methods: ['recommended', 'avg3', 'trend', 'naive'],
  horizon: 3,
  populationAsOf: 'estimates',
});
const scenario = await scenarioRuns(testContext(), { ...settings, scenario: ['examples/edge-of-care.yaml', 'examples/more-uasc.yaml'] });
const sufficiency = await sufficiencyAreas(testContext(), { ...settings, methods: ['recommended'], inflation: 0.03 });
const episodes = await summariseEpisodes(testContext(), { episodes: ['fixtures/ssda903-sample'] });

const outputs: { [K in OutputName]?: Outputs[K] } = {
  project: { header, reports: projection.reports, explain: true },
  backtest: {
    header,
    rows: backtest.rows,
    pooled: backtest.pooled,
    byArea: backtest.byArea,
    areasByKey: backtest.areasByKey,
    areas: backtest.results.map((r) => r.area),
    many: false,
    perArea: false,
    origins: backtest.origins,
    horizon: 3,
    choices: backtest.choices,
    skipped: backtest.skipped,
  },
  scenario: { header, runs: scenario.runs, scenarios: [] },
  sufficiency: { header, reports: sufficiency.reports, settings },
  episodes: { header, summary: episodes },
};

const render = (name: OutputName, width: number) =>
  renderOutput(name, 'table', outputs[name] as never, {
    width,
    color: false,
    toolVersion: 'X.Y.Z',
    fonts: () => ({ fontFiles: [], fontFamily: '' }),
  }) as Promise<string>;

describe('every text table and its prose fit the width it is given', () => {
  it.each(Object.keys(outputs) as OutputName[])(
    '%s: no line wider than 40, 60 or 100, and the same figures at 60 as at 100',
    async (name) => {
      for (const width of [40, 60, 100]) expect(widest(await render(name, width)), `${name} at ${width}`).toBeLessThanOrEqual(width);
      // the same figures, only laid out differently (column blocks repeat the years)
      expect(figures(await render(name, 60))).toEqual(figures(await render(name, 100)));
    },
  );
});
