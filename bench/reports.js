#!/usr/bin/env node
// Time `lacproj report --area all --out DIR` (one page per council and an index, in one process)
// against one council's report as a fresh process, and report wall time, CPU time and peak memory.
// Run after `npm run build`:
//   node bench/reports.js [area|all]   (default all: every current council of the bundled files)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const area = process.argv[2] ?? 'all';
const dir = mkdtempSync(join(tmpdir(), 'lacproj-bench-reports-'));
const out = join(dir, area === 'all' ? 'reports' : 'report.html');
const args = [
  'bin/lacproj.js',
  'report',
  '--history',
  'england',
  '--population',
  'england',
  '--area',
  area,
  '--population-extend',
  'trend',
  '--out',
  out,
];
const started = process.hrtime.bigint();
const run = spawnSync('/usr/bin/time', ['-f', '%e s wall, %U s user, %S s system, %M KiB peak RSS', process.execPath, ...args], {
  encoding: 'utf8',
  env: { ...process.env, CI: 'true' },
});
const wall = Number(process.hrtime.bigint() - started) / 1e9;
if (run.status !== 0) throw new Error(run.stderr);
const pages = area === 'all' ? readdirSync(out).length : 1;
console.log(
  `report --area ${area}: ${pages} page${pages === 1 ? '' : 's'} in ${wall.toFixed(1)} s; ${run.stderr.trim().split('\n').at(-1)}`,
);
rmSync(dir, { recursive: true, force: true });
