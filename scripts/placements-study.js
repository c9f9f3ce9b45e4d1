#!/usr/bin/env node
// Backtest placements by type: transitions between placement types (sufficiency --episodes) against
// the fixed mix (the mean share of each type over the last 3 years, times a projected total), on
// councils simulated with a drift from fostering to children's homes among 10-15-year-olds
// (scripts/simulate-returns.js) or on the shared synthetic sample. At each origin the returns up to
// it and the history up to it are all that is read; the outcome is the stock by type the full
// returns count on 31 March one to three years later.
// Run after `npm run build`:
//   node scripts/placements-study.js simulated [seeds]   (default 20 seeds, origins 2016-2021)
//   node scripts/placements-study.js sample              (fixtures/ssda903-sample, origins 2020-2021)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { main } from '../dist/cli/main.js';
import { CODE_CATEGORIES } from '../dist/model/episodes/placementTypes.js';

const mode = process.argv[2] ?? 'simulated';
const seeds = Number(process.argv[3] ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lacproj-placements-study-'));
const population = [
  '--population',
  join(root, 'data/tower-hamlets-population-0-17-estimates.csv'),
  '--population',
  join(root, 'data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
];
// The map's types, with in-house and external children's homes (and supported accommodation) as one
// type each: the study follows the drift to children's homes.
const category = (type) => type.replace(/^(childrens_home|supported)_(inhouse|external)$/, '$1');
const TYPES = [...new Set(CODE_CATEGORIES.filter((t) => t !== 'unknown').map(category))];

/** Run the CLI in this process; stdout as a string. */
async function run(args) {
  let out = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  if (code !== 0) throw new Error(`lacproj ${args.join(' ')} failed (${code})`);
  return out;
}

/** Stock by type on 31 March of each year, as episodes summarise counts it. */
const episodesArgs = (files) => files.flatMap((f) => ['--episodes', f.path]);

async function stockByType(files) {
  const rows = parse(await run(['episodes', 'summarise', ...episodesArgs(files), '--format', 'csv']), { columns: true });
  const stock = new Map();
  for (const r of rows.filter((x) => x.measure === 'stock' && TYPES.includes(category(x.group)))) {
    if (!stock.has(Number(r.year))) stock.set(Number(r.year), {});
    const year = stock.get(Number(r.year));
    year[category(r.group)] = (year[category(r.group)] ?? 0) + Number(r.value);
  }
  return stock;
}

/** Demand by type and year from sufficiency JSON records, merged to the map's categories. */
const byType = (json, field = 'demand') => {
  const demand = new Map();
  for (const r of JSON.parse(json).records) {
    if (!demand.has(r.year)) demand.set(r.year, Object.fromEntries(TYPES.map((t) => [t, 0])));
    // the in-house and external parts of a type split its demand and bounds in proportion: they add up
    demand.get(r.year)[category(r.placement_type)] += r[field];
  }
  return demand;
};

const errors = []; // { method, horizon, type, error }
async function backtest({ files, history, origins, lastYear, label }) {
  const actual = await stockByType(files);
  const historyLines = readFileSync(history, 'utf8').trim().split('\n');
  for (const origin of origins) {
    const known = files.filter((f) => f.returnYear <= origin);
    const cut = join(work, `${label}-history-${origin}.csv`);
    writeFileSync(cut, [historyLines[0], ...historyLines.slice(1).filter((l) => Number(l.split(',')[3]) <= origin)].join('\n') + '\n');
    const to = Math.min(origin + 3, lastYear);
    const common = ['--history', cut, ...population, '--to', String(to), '--format', 'json', '--simulations', '200'];
    const fromReturns = await run(['sufficiency', ...episodesArgs(known), ...common]);
    const [transitions, lower, upper] = ['demand', 'lower80', 'upper80'].map((field) => byType(fromReturns, field));
    // the fixed mix: each type's mean share of the last three years' stock in the returns known then
    const stock = await stockByType(known);
    const placements = join(work, `${label}-placements-${origin}.csv`);
    writeFileSync(
      placements,
      ['year,placement_type,count', ...[...stock].flatMap(([y, s]) => TYPES.map((t) => `${y},${t},${s[t] ?? 0}`))].join('\n') + '\n',
    );
    const fixedAuto = byType(await run(['sufficiency', '--placements', placements, ...common]));
    const mixYears = [...stock.keys()].filter((y) => y <= origin).slice(-3);
    const share = (t) =>
      mixYears.reduce((s, y) => s + (stock.get(y)[t] ?? 0) / TYPES.reduce((n, u) => n + (stock.get(y)[u] ?? 0), 0), 0) / mixYears.length;
    for (let year = origin + 1; year <= to; year++) {
      const truth = actual.get(year);
      const total = TYPES.reduce((s, t) => s + transitions.get(year)[t], 0);
      if (process.env.DEBUG)
        console.error(
          label,
          origin,
          year,
          Object.fromEntries(TYPES.map((t) => [t, [transitions.get(year)[t].toFixed(1), fixedAuto.get(year)[t].toFixed(1), truth[t]]])),
        );
      for (const t of TYPES) {
        const held = truth[t] >= lower.get(year)[t] - 0.05 && truth[t] <= upper.get(year)[t] + 0.05;
        errors.push({ method: 'transitions', horizon: year - origin, type: t, error: transitions.get(year)[t] - truth[t], held });
        errors.push({ method: 'fixed mix x transitions total', horizon: year - origin, type: t, error: share(t) * total - truth[t] });
        errors.push({ method: 'fixed mix x auto total', horizon: year - origin, type: t, error: fixedAuto.get(year)[t] - truth[t] });
      }
    }
  }
}

if (mode === 'sample') {
  const folder = join(root, 'fixtures/ssda903-sample');
  // files are named by the year the return starts (2017-episodes.csv is the year ending March 2018)
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => ({ path: join(folder, f), returnYear: Number(f.slice(0, 4)) + 1 }));
  await backtest({
    files,
    history: join(root, 'fixtures/ssda903-sample-history.csv'),
    origins: [2020, 2021],
    lastYear: 2022,
    label: 'sample',
  });
} else {
  for (let seed = 1; seed <= seeds; seed++) {
    const folder = join(work, `seed-${seed}`);
    execFileSync(process.execPath, [join(root, 'scripts/simulate-returns.js'), folder, String(seed)]);
    const returns = join(folder, 'returns');
    // episodes files are named by the year the return starts; the one header file holds every child
    const files = readdirSync(returns).map((f) => ({
      path: join(returns, f),
      returnYear: f.includes('header') ? 0 : Number(f.slice(0, 4)) + 1,
    }));
    await backtest({
      files,
      history: join(folder, 'history.csv'),
      origins: [2016, 2017, 2018, 2019, 2020, 2021],
      lastYear: 2022,
      label: `seed${seed}`,
    });
    if (process.stderr.isTTY) process.stderr.write(`\rseed ${seed}/${seeds}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
}

const methods = [...new Set(errors.map((e) => e.method))];
console.log(
  `${mode === 'sample' ? 'shared sample, origins 2020-2021' : `${seeds} simulated councils, origins 2016-2021`}: mean absolute error in children by placement type, 1 / 2 / 3 years ahead`,
);
console.log(`${'type'.padEnd(20)}${methods.map((m) => m.padStart(36)).join('')}`);
for (const t of [...TYPES, 'all types']) {
  const cells = methods.map((m) =>
    [1, 2, 3]
      .map((h) => {
        const list = errors.filter((e) => e.method === m && e.horizon === h && (t === 'all types' || e.type === t));
        if (list.length === 0) return '-';
        const mae = list.reduce((s, e) => s + Math.abs(e.error), 0) / list.length;
        return mae.toFixed(1);
      })
      .join(' / ')
      .padStart(36),
  );
  console.log(`${t.padEnd(20)}${cells.join('')}`);
}
console.log(
  `${'bias, all types'.padEnd(20)}${methods
    .map((m) =>
      [1, 2, 3]
        .map((h) => {
          const list = errors.filter((e) => e.method === m && e.horizon === h);
          return list.length ? (list.reduce((s, e) => s + e.error, 0) / list.length).toFixed(1) : '-';
        })
        .join(' / ')
        .padStart(36),
    )
    .join('')}`,
);
console.log(
  `${"children's homes bias".padEnd(20)}${methods
    .map((m) =>
      [1, 2, 3]
        .map((h) => {
          const list = errors.filter((e) => e.method === m && e.horizon === h && e.type === 'childrens_home');
          return list.length ? (list.reduce((s, e) => s + e.error, 0) / list.length).toFixed(1) : '-';
        })
        .join(' / ')
        .padStart(36),
    )
    .join('')}`,
);
console.log(
  `${'80% range held'.padEnd(20)}${[1, 2, 3]
    .map((h) => {
      const list = errors.filter((e) => e.method === 'transitions' && e.horizon === h);
      return list.length ? `${((list.filter((e) => e.held).length / list.length) * 100).toFixed(0)}%` : '-';
    })
    .join(' / ')
    .padStart(36)} (transitions, every type)`,
);
