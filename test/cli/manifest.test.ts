import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { INPUT_OPTIONS, OUTPUT_OPTIONS } from '../../src/cli/options.js';
import { fixture, runCli } from './run.js';

describe('--manifest and lacproj rerun', () => {
  it('records the command, inputs with SHA-256, outputs and seed, and rerun reproduces them byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-manifest-'));
    const first = await runCli(
      ['project', '--format', 'csv', '--out', 'projection.csv', '--seed', '9', '--to', '2027', '--manifest', 'run.json'],
      { cwd: dir },
    );
    expect(first.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(manifest.command).toEqual(['project', '--format', 'csv', '--out', 'projection.csv', '--seed', '9', '--to', '2027']);
    expect(manifest.seed).toBe(9);
    expect(manifest.inputs.map((i: { file: string }) => i.file.split('/').at(-1))).toEqual([
      'tower-hamlets-cla-history.csv',
      'tower-hamlets-cla-by-age.csv',
      'tower-hamlets-population-0-17-estimates.csv',
      'ons-2022-snpp-tower-hamlets-age-0-17.csv',
      // the recommended projection's region table, London's series and the interval calibration
      'ons-ltla-to-utla-england.csv',
      'council-regions.csv',
      'cla-history-2010-2022.csv',
      'cla_number_and_rate_per_10k_children_2021to2025_london.csv',
      'recommended-calibration.json',
    ]);
    expect(manifest.outputs).toHaveLength(1);
    const before = readFileSync(join(dir, 'projection.csv'), 'utf8');
    // By default the outputs are rewritten in a fresh folder: the recorded ones are left alone.
    writeFileSync(join(dir, 'projection.csv'), 'scribbled over');
    const again = await runCli(['rerun', 'run.json', '--into', 'again'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/reproduced: 1 output file and stdout are byte-identical to the manifest; the outputs are in .*again/);
    expect(readFileSync(join(dir, 'again', 'projection.csv'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'projection.csv'), 'utf8')).toBe('scribbled over');
    // --replace writes where the manifest says.
    const replaced = await runCli(['rerun', 'run.json', '--replace'], { cwd: dir });
    expect(replaced.code).toBe(0);
    expect(readFileSync(join(dir, 'projection.csv'), 'utf8')).toBe(before);
  });

  it('refuses to rerun when an input has changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-manifest-'));
    const history = join(dir, 'history.csv');
    writeFileSync(history, readFileSync(fixture('good/semicolon-bom-crlf.csv')));
    const args = [
      'project',
      '--history',
      history,
      '--population',
      fixture('good/population-to-2025.csv'),
      '--to',
      '2025',
      '--manifest',
      join(dir, 'run.json'),
    ];
    expect((await runCli(args)).code).toBe(0);
    writeFileSync(history, readFileSync(history, 'utf8').replace('301', '302'));
    const again = await runCli(['rerun', join(dir, 'run.json')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/input .*history\.csv has changed since the manifest was written/);
  });
});

describe('every option that writes a file is known to rerun', () => {
  it('each option naming a file or folder is in the one list of inputs or the one list of outputs', async () => {
    const program = await buildProgram(processIo);
    const commands = program.commands.flatMap((c) => (c.commands.length > 0 ? c.commands : [c]));
    const fileOptions = commands.flatMap((c) =>
      c.options
        .filter((o) => /<(file|path|folder)>/.test(o.flags))
        .map((o) => ({ command: c.name(), name: o.attributeName(), flags: o.flags })),
    );
    expect(fileOptions.length).toBeGreaterThan(20);
    // --manifest is taken out of the command line before it runs; rerun's --into is its own folder
    const known = new Set<string>([...INPUT_OPTIONS, ...OUTPUT_OPTIONS, 'manifest', 'into']);
    expect(fileOptions.filter((o) => !known.has(o.name))).toEqual([]);
  });

  const sample = fixture('ssda903-sample');
  /** A manifest as an attacker writes it: a sufficiency run whose --transitions names another file. */
  function hostile(dir: string, transitions: string[]): string {
    const manifest = {
      tool: { name: 'lacproj', version: '0.1.0' },
      command: [
        'sufficiency',
        '--episodes',
        sample,
        ...transitions,
        '--format',
        'csv',
        '--out',
        'x.csv',
        '--simulations',
        '50',
        '--to',
        '2027',
      ],
      cwd: dir,
      seed: 1,
      inputs: [],
      outputs: [],
      stdout_sha256: '0'.repeat(64),
    };
    writeFileSync(join(dir, 'evil.json'), JSON.stringify(manifest));
    return 'evil.json';
  }

  it.each([
    ['--transitions PATH', (path: string) => ['--transitions', path]],
    ['--transitions=PATH', (path: string) => [`--transitions=${path}`]],
  ])('%s in a manifest is written inside the rerun folder, never over the file it names', async (_form, option) => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-rerun-'));
    const precious = join(dir, 'precious.csv');
    writeFileSync(precious, 'precious');
    const name = hostile(dir, option(precious));
    const again = await runCli(['rerun', name, '--into', 'again'], { cwd: dir });
    expect(readFileSync(precious, 'utf8')).toBe('precious');
    expect(again.code).toBe(1); // its stdout hash is made up: not reproduced, but nothing written outside
    expect(readFileSync(join(dir, 'again', 'precious.csv'), 'utf8')).toMatch(/^age_band,from,to,rate,count/);
    // pointed at the manifest itself, the manifest survives too
    const self = hostile(dir, option(join(dir, 'evil.json')));
    await runCli(['rerun', self, '--into', 'again-self'], { cwd: dir });
    expect(JSON.parse(readFileSync(join(dir, 'evil.json'), 'utf8')).tool.name).toBe('lacproj');
    const replaced = await runCli(['rerun', self, '--replace'], { cwd: dir });
    expect(replaced.code).toBe(1);
    expect(replaced.stderr).toMatch(/writes .*evil\.json, which is the manifest itself: not with --replace/);
  });

  it('a manifest lacproj writes for a --transitions run reproduces byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-rerun-'));
    const args = [
      'sufficiency',
      '--episodes',
      sample,
      '--transitions',
      't.csv',
      '--format',
      'csv',
      '--out',
      's.csv',
      '--simulations',
      '50',
    ];
    expect((await runCli([...args, '--manifest', 'run.json'], { cwd: dir })).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(manifest.outputs.map((o: { file: string }) => o.file)).toEqual(['t.csv', 's.csv']);
    const again = await runCli(['rerun', 'run.json', '--into', 'again'], { cwd: dir });
    expect(again.stderr).toMatch(/reproduced: 2 output files and stdout are byte-identical/);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'again', 't.csv'))).toEqual(readFileSync(join(dir, 't.csv')));
  });
});

describe('a saved commissioning scenario', () => {
  it('records the scenario file, costs, places and inflation it ran with; rerun reproduces it and stops when the scenario changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-rerun-scenario-'));
    const scenario = join(dir, 'step-down.yaml');
    writeFileSync(scenario, readFileSync(fixture('../examples/step-down-homes.yaml')));
    const args = [
      'sufficiency',
      '--episodes',
      fixture('ssda903-sample'),
      '--scenario',
      'step-down.yaml',
      '--costs',
      fixture('../examples/costs-by-type.csv'),
      '--capacity',
      fixture('../examples/capacity-by-type.csv'),
      '--inflation',
      '0.025',
      '--simulations',
      '100',
      '--format',
      'csv',
      '--out',
      'plan.csv',
    ];
    const first = await runCli([...args, '--manifest', 'plan.json'], { cwd: dir });
    expect(first.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    const role = (r: string) =>
      manifest.inputs.filter((i: { role?: string }) => i.role === r).map((i: { file: string }) => i.file.split('/').at(-1));
    expect(role('scenario')).toEqual(['step-down.yaml']);
    expect(role('costs')).toEqual(['costs-by-type.csv']);
    expect(role('capacity')).toEqual(['capacity-by-type.csv']);
    expect(role('ssda903 episodes')).toHaveLength(5);
    // the inflation and every other option as the run used them, defaults included
    expect(manifest.options).toMatchObject({ inflation: 0.025, simulations: 100, seed: 1, window: 3, scenario: ['step-down.yaml'] });
    const again = await runCli(['rerun', 'plan.json', '--into', 'again'], { cwd: dir });
    expect(again.stderr).toMatch(/reproduced: 1 output file and stdout are byte-identical to the manifest/);
    expect(readFileSync(join(dir, 'again', 'plan.csv'), 'utf8')).toBe(readFileSync(join(dir, 'plan.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'plan.csv'), 'utf8')).toMatch(/^scenario,area_code,/);
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('add: 0.2', 'add: 0.3'));
    const changed = await runCli(['rerun', 'plan.json', '--into', 'again-2'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/input step-down\.yaml has changed since the manifest was written/);
  });
});
