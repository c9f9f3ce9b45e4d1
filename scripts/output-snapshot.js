#!/usr/bin/env node
// Every command and format on the bundled and national data, run through the built CLI, each
// output saved in FOLDER: run it before and after a refactor and compare the folders, which must
// be byte-identical (except what the change meant to change).
//   npm run build && node scripts/output-snapshot.js /tmp/before
//   ... change the code ...
//   npm run build && node scripts/output-snapshot.js /tmp/after --compare /tmp/before
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const [folder, flag, against] = process.argv.slice(2);
if (!folder || (flag !== undefined && (flag !== '--compare' || !against))) {
  console.error('usage: node scripts/output-snapshot.js FOLDER [--compare EARLIER_FOLDER]');
  process.exit(2);
}
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });

const national = ['--history', 'data/england/cla-history-2010-2022.csv', '--population', 'data/england/population-0-17-mid-2011-2024.csv'];
const manchester = [...national, '--area', 'Manchester', '--population-extend', 'trend'];
const placements = ['--placements', 'examples/placements.csv', '--capacity', 'examples/capacity.csv', '--costs', 'examples/costs.csv'];
const returns = ['--episodes', 'fixtures/ssda903-sample'];

/** name -> arguments; `@OUT` is replaced by a file in FOLDER named after the case. */
const CASES = {
  'project.txt': ['project'],
  'project.csv': ['project', '--format', 'csv'],
  'project.json': ['project', '--format', 'json'],
  'project-explain.txt': ['project', '--explain', '--to', '2028'],
  'project-chart.txt': ['project', '--chart', '-', '--to', '2028'],
  'project-files.txt': ['project', '--chart', '@OUT.svg', '--detail', '@OUT.detail.csv', '--out', '@OUT.csv', '--format', 'csv'],
  'project-naive.json': ['project', '--methods', 'naive', '--format', 'json'],
  'project-manchester.txt': ['project', ...manchester],
  'project-manchester.json': ['project', ...manchester, '--format', 'json'],
  'project-all.csv': ['project', ...national, '--area', 'all', '--population-extend', 'flat', '--format', 'csv', '--simulations', '200'],
  'project-london.txt': ['project', ...national, '--region', 'London', '--population-extend', 'flat', '--simulations', '200'],
  'project-episodes.txt': ['project', ...returns],
  'backtest.txt': ['backtest'],
  'backtest.csv': ['backtest', '--format', 'csv'],
  'backtest.json': ['backtest', '--format', 'json'],
  'backtest-files.txt': ['backtest', '--forecasts', '@OUT.forecasts.csv', '--metrics', '@OUT.metrics.csv'],
  'backtest-national.txt': [
    'backtest',
    ...national,
    '--area',
    'all',
    '--origins',
    '2016-2019',
    '--methods',
    'recommended,naive,avg3,trend',
  ],
  'backtest-episodes.txt': ['backtest', ...returns],
  'scenario.txt': ['scenario', '--scenario', 'examples/edge-of-care.yaml', '--scenario', 'examples/more-uasc.yaml'],
  'scenario.csv': ['scenario', '--scenario', 'examples/edge-of-care.yaml', '--format', 'csv'],
  'scenario.json': ['scenario', '--scenario', 'examples/edge-of-care.yaml', '--format', 'json'],
  'scenario-manchester.txt': ['scenario', ...manchester, '--scenario', 'examples/uasc-doubled.yaml'],
  'sufficiency.txt': ['sufficiency'],
  'sufficiency.csv': ['sufficiency', '--format', 'csv'],
  'sufficiency.json': ['sufficiency', '--format', 'json'],
  'sufficiency.xlsx': ['sufficiency', '--format', 'xlsx', '--out', '@OUT'],
  'sufficiency-manchester.txt': ['sufficiency', ...manchester, ...placements],
  'sufficiency-manchester.xlsx': ['sufficiency', ...manchester, ...placements, '--format', 'xlsx', '--out', '@OUT'],
  'sufficiency-byage.txt': ['sufficiency', '--placements', 'fixtures/good/tower-hamlets-placements-by-age.csv'],
  'sufficiency-episodes.txt': ['sufficiency', ...returns, '--transitions', '@OUT.transitions.csv'],
  'sufficiency-episodes.json': ['sufficiency', ...returns, '--format', 'json'],
  'report.html': ['report', '--to', '2028', '--simulations', '200'],
  'report-manchester.html': ['report', ...manchester, ...placements, '--to', '2028', '--simulations', '200'],
  'chart.svg': ['chart'],
  'chart.png': ['chart', '--format', 'png', '--out', '@OUT'],
  'chart.txt': ['chart', '--format', 'text'],
  'episodes.txt': ['episodes', 'summarise', ...returns, '--survival-chart', '@OUT.svg'],
  'episodes.csv': ['episodes', 'summarise', ...returns, '--format', 'csv'],
  'episodes.json': ['episodes', 'summarise', ...returns, '--format', 'json', '--history', 'fixtures/ssda903-sample-history.csv'],
  'error-area.txt': ['project', '--area', 'Nowhere'],
};

const started = Date.now();
for (const [name, args] of Object.entries(CASES)) {
  const resolved = args.map((a) => a.replace('@OUT', join(folder, name)));
  const result = spawnSync(process.execPath, [join(root, 'bin/lacproj.js'), ...resolved], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '100', LACPROJ_TODAY: '2026-12-01' },
    maxBuffer: 1 << 28,
  });
  const stderr = result.stderr.toString().replaceAll(folder, 'FOLDER');
  writeFileSync(join(folder, `${name}.stderr`), `exit ${result.status}\n${stderr}`);
  if (!args.includes('@OUT') || result.stdout.length > 0) writeFileSync(join(folder, `${name}.stdout`), result.stdout);
  process.stderr.write(`${name}: exit ${result.status}\n`);
}
process.stderr.write(`${Object.keys(CASES).length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

if (against) {
  const names = new Set([...readdirSync(folder), ...readdirSync(against)]);
  let differ = 0;
  for (const name of [...names].sort()) {
    let a;
    let b;
    try {
      a = readFileSync(join(against, name));
      b = readFileSync(join(folder, name));
    } catch {
      console.log(`only in one: ${name}`);
      differ++;
      continue;
    }
    if (!a.equals(b)) {
      console.log(`differs: ${name}`);
      differ++;
    }
  }
  console.log(differ === 0 ? `all ${names.size} files byte-identical` : `${differ} of ${names.size} files differ`);
  process.exitCode = differ === 0 ? 0 : 1;
}
