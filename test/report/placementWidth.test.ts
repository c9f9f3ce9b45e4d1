import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../cli/run.js';

const sample = fixture('ssda903-sample');
const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('placement scenarios and the placement backtest fit the width they are given', () => {
  it.each([60, 100])('at %i columns', async (columns) => {
    const env = { COLUMNS: String(columns) };
    const common = ['--episodes', sample, '--simulations', '100'];
    const scenarios = await runCli(['sufficiency', ...common, '--scenario', 'examples/in-house-carers.yaml'], { env });
    const beside = scenarios.stdout.slice(scenarios.stdout.indexOf('Children by type and year'));
    expect(beside.length).toBeGreaterThan(500);
    expect(widest(beside)).toBeLessThanOrEqual(columns);
    const totals = await runCli(['scenario', ...common, '--scenario', 'examples/in-house-carers.yaml'], { env });
    expect(widest(totals.stdout)).toBeLessThanOrEqual(columns);
    const backtest = await runCli(['backtest', ...common, '--methods', 'recommended'], { env });
    const placements = backtest.stdout.slice(backtest.stdout.indexOf('Mean absolute error'));
    expect(placements.length).toBeGreaterThan(500);
    expect(widest(placements)).toBeLessThanOrEqual(columns);
  });
});
