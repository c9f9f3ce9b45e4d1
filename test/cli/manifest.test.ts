import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
