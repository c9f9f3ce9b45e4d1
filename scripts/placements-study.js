#!/usr/bin/env node
// The placement backtest (`lacproj backtest --episodes`, src/model/evaluation/placementBacktest.ts)
// pooled over councils simulated with a known drift from fostering to children's homes among
// 10-15-year-olds (scripts/simulate-returns.js): what this script adds is the simulation and the
// pooling; every forecast is the backtest's own. Each council is backtested on its own returns and
// history (rolling origins 2016-2021, returns 2013-2022), and the forecasts of all councils are
// scored together by type and years ahead, with in-house and external children's homes also added
// up (the drift is to children's homes).
// Run after `npm run build`:
//   node scripts/placements-study.js [councils]    (default 20)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';
import { PLACEMENT_BACKTEST_METHODS, placementMetrics } from '../dist/model/evaluation/placementBacktest.js';

const councils = Number(process.argv[2] ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lacproj-placements-study-'));
const population = [
  '--population',
  join(root, 'data/tower-hamlets-population-0-17-estimates.csv'),
  '--population',
  join(root, 'data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
];

/** Run the CLI in this process; stdout as a string. */
async function run(args) {
  let out = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  if (code !== 0) throw new Error(`lacproj ${args.join(' ')} failed (${code})`);
  return out;
}

const forecasts = [];
for (let seed = 1; seed <= councils; seed++) {
  const folder = join(work, `seed-${seed}`);
  execFileSync(process.execPath, [join(root, 'scripts/simulate-returns.js'), folder, String(seed)]);
  const json = JSON.parse(
    await run([
      'backtest',
      '--episodes',
      join(folder, 'returns'),
      '--history',
      join(folder, 'history.csv'),
      ...population,
      '--methods',
      'recommended',
      '--origins',
      '2016-2021',
      '--simulations',
      '200',
      '--format',
      'json',
    ]),
  );
  for (const f of json.placements.forecasts) {
    forecasts.push({ ...f, council: seed, placementType: f.placement_type });
  }
  if (process.stderr.isTTY) process.stderr.write(`\rcouncil ${seed}/${councils}`);
}
if (process.stderr.isTTY) process.stderr.write('\n');

// in-house and external children's homes added up, forecast by forecast (no range: the sum of two bounds is none)
const homes = new Map();
for (const f of forecasts.filter((x) => x.placementType.startsWith('childrens_home_'))) {
  const key = `${f.council}|${f.method}|${f.origin}|${f.year}`;
  const h = homes.get(key) ?? { ...f, placementType: 'childrens_home', forecast: 0, actual: 0 };
  h.forecast += f.forecast;
  h.actual += f.actual;
  homes.set(key, h);
}
const rows = placementMetrics(forecasts);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const homeRows = PLACEMENT_BACKTEST_METHODS.flatMap((method) =>
  [1, 2, 3].flatMap((horizon) => {
    const list = [...homes.values()].filter((h) => h.method === method && h.horizon === horizon);
    if (list.length === 0) return [];
    const errors = list.map((h) => h.forecast - h.actual);
    return [{ method, placementType: 'childrens_home', horizon, mae: mean(errors.map(Math.abs)), bias: mean(errors) }];
  }),
);
const horizons = [...new Set(rows.map((r) => r.horizon))].sort((a, b) => a - b);
const cell = (list, method, type, value) =>
  horizons
    .map((h) => {
      const r = list.find((x) => x.method === method && x.placementType === type && x.horizon === h);
      return r ? value(r) : '-';
    })
    .join(' / ');

console.log(
  `${councils} simulated councils, origins 2016-2021: mean absolute error in children by placement type, ${horizons.join(' / ')} years ahead`,
);
console.log(`| placement type | ${PLACEMENT_BACKTEST_METHODS.join(' | ')} |`);
console.log(`| --- |${PLACEMENT_BACKTEST_METHODS.map(() => ' --- |').join('')}`);
const types = [...new Set(rows.map((r) => r.placementType))].filter((t) => t !== 'all types');
for (const type of [...types, 'all types']) {
  console.log(`| ${type} | ${PLACEMENT_BACKTEST_METHODS.map((m) => cell(rows, m, type, (r) => r.mae.toFixed(1))).join(' | ')} |`);
}
console.log(
  `| children's homes (in-house and external) | ${PLACEMENT_BACKTEST_METHODS.map((m) => cell(homeRows, m, 'childrens_home', (r) => r.mae.toFixed(1))).join(' | ')} |`,
);
console.log(
  `| children's homes, bias | ${PLACEMENT_BACKTEST_METHODS.map((m) => cell(homeRows, m, 'childrens_home', (r) => r.bias.toFixed(1))).join(' | ')} |`,
);
console.log(
  `| all types, bias | ${PLACEMENT_BACKTEST_METHODS.map((m) => cell(rows, m, 'all types', (r) => r.bias.toFixed(1))).join(' | ')} |`,
);
console.log(
  `| 80% range held, every type | ${PLACEMENT_BACKTEST_METHODS.map((m) => cell(rows, m, 'all types', (r) => `${(r.coverage80 * 100).toFixed(0)}%`)).join(' | ')} |`,
);
