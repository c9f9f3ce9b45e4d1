import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

// Every command spells its common options the same way and lists them in its own --help.
const COMMANDS = ['project', 'backtest', 'scenario', 'sufficiency', 'chart', 'report', 'episodes summarise'];

describe('one interface', () => {
  it.each(COMMANDS)('lacproj %s --help lists --manifest, --out and, where it projects, --methods', async (command) => {
    const help = (await runCli([...command.split(' '), '--help'], { env: { COLUMNS: '200' } })).stdout;
    expect(help).toMatch(/^ {2}--manifest <file> /m);
    expect(help).toMatch(/^ {2}--out <file> /m);
    if (!['scenario', 'episodes summarise'].includes(command)) expect(help).toMatch(/^ {2}--methods <(list|method)> /m);
    if (!['report', 'chart'].includes(command)) {
      expect(help).toMatch(/^ {2}--format <format> /m);
      expect(help).toMatch(/^ {2}--no-color /m);
    }
    expect(help).not.toMatch(/^ {2}--method </m);
  });

  it('sufficiency --methods takes the one method the demand comes from', async () => {
    const result = await runCli(['sufficiency', '--methods', 'naive,avg3']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sufficiency takes its demand from one method, got naive, avg3/);
  });

  it('refuses, before any work, options that cannot apply', async () => {
    const history = fixture('good/london-and-north-northants-history.csv');
    const population = fixture('good/london-and-north-northants-population.csv');
    const chart = await runCli(['project', '--history', history, '--population', population, '--area', 'all', '--chart', 'c.svg']);
    expect(chart.code).toBe(1);
    expect(chart.stderr).toMatch(/--chart draws one area: pick it with --area/);
    // nothing was read or projected first: no note about the files, no warning about an area
    expect(chart.stderr).not.toMatch(/note:|warning:/);
    const detail = await runCli(['project', '--methods', 'naive', '--detail', 'd.csv']);
    expect(detail.code).toBe(1);
    expect(detail.stderr).toMatch(/--detail writes the flow model's yearly flows: add flow to --methods/);
    expect((await runCli(['chart', '--history', history, '--population', population, '--area', 'all'])).stderr).toMatch(
      /a chart draws one area/,
    );
    expect((await runCli(['sufficiency', '--transitions', 't.csv'])).stderr).toMatch(
      /--transitions writes the rates estimated from SSDA903 returns: give them with --episodes/,
    );
  });
});
