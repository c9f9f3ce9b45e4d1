#!/usr/bin/env node
// Backtest flow with durations on councils simulated from a known process (scripts/simulate-returns.js),
// pooled over seeds: bias, mean absolute error and interval coverage by method and years ahead.
// Run after `npm run build`:  node scripts/durations-study.js [seeds] [extra backtest options...]
// e.g. node scripts/durations-study.js 12 --window 5
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { main } from '../dist/cli/main.js';

const seeds = Number(process.argv[2] ?? 12);
const extra = process.argv.slice(3);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lacproj-durations-study-'));
const io = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const forecasts = [];
for (let seed = 1; seed <= seeds; seed++) {
  const folder = join(work, `seed-${seed}`);
  execFileSync(process.execPath, [join(root, 'scripts/simulate-returns.js'), folder, String(seed)]);
  const out = join(folder, 'forecasts.csv');
  const code = await main(
    [
      'backtest',
      '--episodes',
      join(folder, 'returns'),
      '--history',
      join(folder, 'history.csv'),
      '--population',
      join(root, 'data/tower-hamlets-population-0-17-estimates.csv'),
      '--population',
      join(root, 'data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
      '--methods',
      'avg3,naive,flow',
      '--forecasts',
      out,
      ...extra,
    ],
    io,
  );
  if (code !== 0) throw new Error(`backtest failed for seed ${seed}`);
  forecasts.push(
    ...parse(readFileSync(out, 'utf8'), {
      columns: true,
      cast: (v, c) => (c.header || c.column === 'method' || c.column.startsWith('area') ? v : Number(v)),
    }),
  );
  if (process.stderr.isTTY) process.stderr.write(`\rseed ${seed}/${seeds}`);
}
if (process.stderr.isTTY) process.stderr.write('\n');
const groups = new Map();
for (const f of forecasts) {
  const key = `${f.method} ${f.horizon}`;
  groups.set(key, [...(groups.get(key) ?? []), f]);
}
console.log(`${seeds} simulated councils, origins 2014-2021${extra.length ? `, ${extra.join(' ')}` : ''}`);
console.log('method  years ahead  forecasts    bias     MAE  80% held  95% held');
for (const [key, list] of [...groups].sort()) {
  const [method, horizon] = key.split(' ');
  const share = (f) => list.filter(f).length / list.length;
  const bias = list.reduce((s, f) => s + (f.forecast - f.actual) / f.actual, 0) / list.length;
  const mae = list.reduce((s, f) => s + Math.abs(f.forecast - f.actual), 0) / list.length;
  console.log(
    `${method.padEnd(6)}  ${horizon.padStart(11)}  ${String(list.length).padStart(9)}  ${(bias * 100).toFixed(1).padStart(5)}%  ${mae.toFixed(1).padStart(6)}` +
      `  ${(share((f) => f.actual >= f.lower80 && f.actual <= f.upper80) * 100).toFixed(0).padStart(7)}%  ${(share((f) => f.actual >= f.lower95 && f.actual <= f.upper95) * 100).toFixed(0).padStart(7)}%`,
  );
}
