import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, runCli, temporaryFolder } from './run.js';

// Every current council in runs over all of them: a history of Manchester and of the councils the
// 2019 Dorset reorganisation touched (Dorset (Pre LG), Poole, Bournemouth to 2019; Dorset and BCP
// from 2020), cut from the bundled national file. Projections, sufficiency and reports are of the
// current councils, each with its own code; backtests join the reorganisation into one series.
const dir = temporaryFolder('lacproj-report-folder-');
const history = join(dir, 'history.csv');
const QUICK = ['--to', '2024', '--simulations', '200', '--population-extend', 'trend'];
const INPUTS = ['--history', history, '--population', 'england'];

beforeAll(() => {
  const lines = readFileSync(join(root, 'data/england/cla-history-2010-2022.csv'), 'utf8').trim().split('\n');
  const kept = lines.filter((l, i) => i === 0 || /^[^,]*,(352|835|836|837|838|839),/.test(l));
  writeFileSync(history, `${kept.join('\n')}\n`);
});

describe('report --area all --out DIR', () => {
  it('writes a page per current council and an index, in one run, into a new folder', async () => {
    const out = join(dir, 'pages');
    const result = await runCli(['report', ...INPUTS, '--area', 'all', ...QUICK, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['bournemouth-christchurch-and-poole.html', 'dorset.html', 'index.html', 'manchester.html']);
    expect(result.stderr).toContain(`wrote ${out}/ (a new folder)\n`);
    expect(result.stderr).toMatch(
      /note: Bournemouth \(Pre LG\) \(E06000028, 837\), Poole \(Pre LG\) \(E06000029, 836\) and Dorset \(Pre LG\) \(E10000009, 835\) were replaced on 1 April 2019 by Bournemouth, Christchurch and Poole \(E06000058, 839\) and Dorset \(E06000059, 838\): each current council is run from its own years \(2020 on\)/,
    );
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<title>Children looked after: 3 councils, projection to 2024</title>');
    // Dorset (E06000059, 838): 450 children on 31 March 2022 in DfE's national file
    expect(index).toMatch(
      /<tr><th scope="row"><a href="dorset\.html">Dorset<\/a><\/th><td>E06000059, 838<\/td><td class="num">2022<\/td><td class="num">450<\/td>/,
    );
    expect(index).toContain('Bundled data: ONS 0-17 estimates to mid-2024');
    const dorset = readFileSync(join(out, 'dorset.html'), 'utf8');
    expect(dorset).toContain('<a href="index.html">All councils of this run</a>');
    expect(dorset).toContain('Dorset (E06000059, 838)');
    // the years before it existed are named, and not used for it
    expect(dorset).toMatch(/Dorset and Bournemouth, Christchurch and Poole replaced Bournemouth \(Pre LG\) \(248 on 31 March 2019\)/);
  });

  it("each page is the council's own report: the same as report --area for it, but for the link back and the command", async () => {
    const out = join(dir, 'one.html');
    expect((await runCli(['report', ...INPUTS, '--area', 'Manchester', ...QUICK, '--out', out])).code).toBe(0);
    const strip = (html: string) =>
      html
        .replace('<p class="meta"><a href="index.html">All councils of this run</a></p>\n', '')
        .replace(/<p>Command: <code>.*<\/code><\/p>/, '');
    expect(strip(readFileSync(join(dir, 'pages', 'manchester.html'), 'utf8'))).toBe(strip(readFileSync(out, 'utf8')));
  });

  it('is byte for byte reproducible: rerun moves the folder and checks every page', async () => {
    const out = join(dir, 'recorded');
    const manifest = join(dir, 'recorded.json');
    expect((await runCli(['report', ...INPUTS, '--region', 'South West', ...QUICK, '--out', out, '--manifest', manifest])).code).toBe(0);
    const recorded = JSON.parse(readFileSync(manifest, 'utf8'));
    expect(recorded.outputs.map((o: { file: string }) => o.file).sort()).toEqual(
      ['bournemouth-christchurch-and-poole.html', 'dorset.html', 'index.html'].map((f) => join(out, f)),
    );
    const into = join(dir, 'rerun');
    const rerun = await runCli(['rerun', manifest, '--into', into]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/reproduced: 3 output files and stdout are byte-identical/);
    expect(readdirSync(join(into, 'recorded')).sort()).toEqual(['bournemouth-christchurch-and-poole.html', 'dorset.html', 'index.html']);
  });

  it('into a folder that exists, pages of the same names are replaced and other files left', async () => {
    const out = join(dir, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'manchester.html'), 'old');
    writeFileSync(join(out, 'readme.txt'), 'mine');
    expect((await runCli(['report', ...INPUTS, '--area', 'all', ...QUICK, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'manchester.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(join(out, 'readme.txt'), 'utf8')).toBe('mine');
  });

  it('needs a folder: no --out, or a page name, is refused before any work', async () => {
    const none = await runCli(['report', ...INPUTS, '--area', 'all', ...QUICK]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/error: --area all and --region write a page per council and an index: give --out a folder/);
    const page = await runCli(['report', ...INPUTS, '--area', 'all', ...QUICK, '--out', join(dir, 'all.html')]);
    expect(page.code).toBe(1);
    expect(existsSync(join(dir, 'all.html'))).toBe(false);
  });
});

describe('every current council, with its own code', () => {
  it('project --area all: Dorset and BCP each, the councils they replaced not run', async () => {
    const result = await runCli(['project', ...INPUTS, '--area', 'all', ...QUICK, '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    const areas = [
      ...new Set(
        result.stdout
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ].sort();
    expect(areas).toEqual(['E06000058', 'E06000059', 'E08000003']);
  });

  it('sufficiency --area all: each current council its own placements (DfE published, bundled)', async () => {
    const result = await runCli(['sufficiency', ...INPUTS, '--area', 'all', ...QUICK, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.areas.map((a: { area: { code: string } }) => a.area.code).sort()).toEqual(['E06000058', 'E06000059', 'E08000003']);
    const dorset = doc.areas.find((a: { area: { code: string } }) => a.area.code === 'E06000059');
    expect(dorset.placement_types).toMatch(/DfE's published placements for Dorset, /);
    expect(dorset.warnings.join('\n')).toMatch(/Dorset is projected from its own years \(2020 on\)/);
  });

  it('backtest --area all joins the reorganisation into one series', async () => {
    const result = await runCli(['backtest', ...INPUTS, '--area', 'all', '--origins', '2021', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/are joined into one series, "Dorset and Bournemouth, Christchurch and Poole", reorganised from 2020/);
  });
});
