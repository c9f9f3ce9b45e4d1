#!/usr/bin/env node
// Time DfE's published placements: reading the bundled compact file (every council 2010-2022) and
// DfE's 2021-2022 file as downloaded, in this process, and a whole `sufficiency` for Birmingham on
// the bundled figures against the same run with its counts in a small file of its own, each a fresh
// process. Run after `npm run build`:
//   node bench/published.js [repeats] [DfE file]
// The DfE file defaults to fixtures/dfe/la_cla_on_31_march_by_characteristics_sample.csv; give the
// full la_cla_on_31_march_by_characteristics file for its real size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePublishedPlacements } from '../dist/io/publishedPlacements.js';

const [repeatsText = '7', dfe = 'fixtures/dfe/la_cla_on_31_march_by_characteristics_sample.csv'] = process.argv.slice(2);
const repeats = Number(repeatsText);
const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeParse(path) {
  const text = readFileSync(resolve(root, path), 'utf8');
  const times = [];
  let years = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    years = parsePublishedPlacements(path, text).years.length;
    times.push(performance.now() - start);
  }
  return { path, bytes: text.length, years, median: median(times), fastest: Math.min(...times) };
}

for (const path of ['data/england/placements-by-council-2010-2022.csv', dfe]) {
  const r = timeParse(path);
  console.log(
    `${r.path}: ${(r.bytes / 1024).toFixed(0)} KiB, ${r.years} council-years, parse median ${r.median.toFixed(1)} ms (fastest ${r.fastest.toFixed(1)})`,
  );
}

const folder = mkdtempSync(join(tmpdir(), 'lacproj-published-bench-'));
const own = join(folder, 'birmingham.csv');
// Birmingham's 2021-2022 counts as DfE publishes them, in the simple layout
writeFileSync(
  own,
  'year,placement_type,count\n' +
    [
      [2021, 1372, 170, 124, 153, 69, 34],
      [2022, 1473, 198, 168, 172, 76, 17],
    ]
      .flatMap(([y, f, h, s, p, a, o]) => [
        `${y},fostering,${f}`,
        `${y},childrens_home_or_secure,${h}`,
        `${y},supported,${s}`,
        `${y},with_parents,${p}`,
        `${y},adoption,${a}`,
        `${y},other,${o}`,
      ])
      .join('\n') +
    '\n',
);
const base = [
  'bin/lacproj.js',
  'sufficiency',
  '--history',
  'data/england/cla-history-2010-2022.csv',
  '--population',
  'data/england/population-0-17-mid-2011-2024.csv',
  '--population-extend',
  'flat',
  '--area',
  'Birmingham',
  '--format',
  'csv',
];
const runs = { bundled: [], own: [] };
for (let i = 0; i < repeats; i++) {
  for (const [name, extra] of [
    ['bundled', []],
    ['own', ['--placements', own]],
  ]) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [...base, ...extra], { cwd: root, encoding: 'utf8' });
    runs[name].push(performance.now() - start);
    if (result.status !== 0) throw new Error(result.stderr);
  }
}
rmSync(folder, { recursive: true, force: true });
for (const [name, times] of Object.entries(runs)) {
  console.log(
    `sufficiency --area Birmingham, ${name} placements: median ${median(times).toFixed(0)} ms (fastest ${Math.min(...times).toFixed(0)})`,
  );
}
