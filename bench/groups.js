#!/usr/bin/env node
// Evidence for the ranges of a group of councils (issue 22), printed as Markdown for bench/README.md
// and docs/methods.md, and the time of `project --group all`. Run after `npm run build`:
//   node bench/groups.js          every figure (about a minute)
//   node bench/groups.js 5        and time `project --group all` over 5 fresh processes
//   node bench/groups.js 5 --speed-only
// 1. rho(h0), the regional correlation, as of 2016 and 2022 (the bundled calibration).
// 2. North West, base 2022: the 2025 total and its 80% range, against the members' bounds added;
//    and a group of one against the council's own range.
// 3. The London turn test: London's 33 boroughs as a group and 20 random sub-groups of 5 and of 10
//    (seeded), origins 2020-2022, outcomes to 2025 (national file plus DfE's London 2021-2025 file),
//    as `lacproj backtest --group` runs it (each origin calibrated on what was known then).
// 4. The growth test as the research split it: ranges calibrated on origins 2013-2016 only, tested on
//    origins 2017-2019 (outcomes to 2022), the eight regions outside London and 20 random sub-groups
//    of 5 and of 10 of councils outside London; and as `lacproj backtest --group all` runs it.
// Each: the group's 80% range held, below / above, interval score as % of the forecast, against the
// members' 80% bounds added and the members treated as independent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { quantileSorted } from 'simple-statistics';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const load = (path) => import(join(dist, path));
const { main } = await load('cli/main.js');
const { createRunContext } = await load('app/context.js');
const { regionalCandidates } = await load('app/regions.js');
const { loadHistory } = await load('io/load.js');
const { combineHistory } = await load('io/combine.js');
const { calibrationFromHistory } = await load('model/evaluation/calibration.js');
const { rangeCalibration } = await load('model/methods/recommendedRanges.js');
const { groupIntervals, regionalCorrelation } = await load('model/methods/groupRanges.js');
const { sizeBandOf } = await load('model/methods/recommended.js');
const { chanceRange } = await load('model/stats/intervals.js');
const { createRandom } = await load('model/stats/random.js');

const data = (name) => fileURLToPath(new URL(`../data/england/${name}`, import.meta.url));
const national = data('cla-history-2010-2022.csv');
const london = data('cla_number_and_rate_per_10k_children_2021to2025_london.csv');
const scratch = mkdtempSync(join(tmpdir(), 'lacproj-groups-'));
const SEED = 1;

async function run(args) {
  let out = '';
  let err = '';
  const io = { stdout: (t) => (out += t), stderr: (t) => (err += t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await main(args, io);
  if (code !== 0) throw new Error(`lacproj ${args.join(' ')}: exit ${code}\n${err}`);
  return out;
}
const numbers = (text) =>
  parse(text, {
    columns: true,
    cast: (v, c) =>
      c.header || ['level', 'group', 'area_code', 'area_name', 'method', 'kind'].includes(c.column) || v === '' ? v : Number(v),
  });
const pct = (v) => `${Math.round(v * 100)}%`;
const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;
const score = (f, lower, upper) => upper - lower + 10 * (f.actual < lower ? lower - f.actual : f.actual > upper ? f.actual - upper : 0);

/** held, below, above and interval score (% of the forecast) of 80% ranges [lower, upper] per forecast. */
function summary(list, bounds) {
  const b = list.map(bounds);
  return {
    n: list.length,
    held: mean(list.map((f, i) => (f.actual >= b[i][0] && f.actual <= b[i][1] ? 1 : 0))),
    below: mean(list.map((f, i) => (f.actual < b[i][0] ? 1 : 0))),
    above: mean(list.map((f, i) => (f.actual > b[i][1] ? 1 : 0))),
    score: mean(list.map((f, i) => (100 * score(f, b[i][0], b[i][1])) / f.forecast)),
    width: mean(list.map((f, i) => (b[i][1] - b[i][0]) / f.forecast)),
  };
}
const cell = (s) => `${pct(s.held)} (${pct(s.below)} / ${pct(s.above)}), ${s.score.toFixed(1)}`;

/** Seeded sub-groups of `size` drawn from `pool` (partial Fisher-Yates). */
function subGroups(pool, size, count, random) {
  return Array.from({ length: count }, () => {
    const items = [...pool];
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random.uniform() * (items.length - i));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items.slice(0, size);
  });
}

/** 80% bounds of the members' total if their errors were independent: 10,000 draws of each member's own Z. */
function independentBounds(calibration, members, h, random) {
  const h0 = calibration.measuredHorizon(h);
  const shocks = calibration.shocks.filter((s) => s.horizon === h0).flatMap((s) => [s.shock, -s.shock]);
  const total = members.reduce((s, m) => s + m.point, 0);
  // no centring: each member's own Z is centred already
  const sums = new Float64Array(10_000);
  for (let k = 0; k < sums.length; k++) {
    let sum = 0;
    for (const m of members) {
      const pool = calibration.pool(h0, sizeBandOf(m.size)).values;
      const s = shocks[Math.floor(random.uniform() * shocks.length)];
      const x = pool[Math.floor(random.uniform() * pool.length)];
      sum += m.point * Math.exp((h / h0) * s + Math.sqrt(h / h0) * x);
    }
    sums[k] = sum;
  }
  sums.sort();
  return [quantileSorted(sums, 0.1) / total, quantileSorted(sums, 0.9) / total];
}

console.log(`# Groups of councils, measured with ${dist}\n`);
const speedOnly = process.argv.includes('--speed-only');

if (!speedOnly) {
  // 1. rho
  const context = createRunContext();
  const bundled = context.bundled.calibration();
  console.log('## 1. Regional correlation rho(h0): mean over origins of the mean z_i z_j over pairs of one region\n');
  console.log('| as of | h0 = 1 | 2 | 3 | 4 | 5 | 6 | 7 |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const asOf of [2016, 2019, 2022]) {
    const c = rangeCalibration(bundled, asOf);
    const row = [1, 2, 3, 4, 5, 6, 7].map((h) => (c.measuredHorizon(h) === h ? regionalCorrelation(c, h).rho.toFixed(3) : '-'));
    console.log(`| ${asOf} | ${row.join(' | ')} |`);
  }

  // 2. North West
  const nw = numbers(await run(['project', '--group', 'North West', '--methods', 'recommended', '--to', '2025', '--format', 'csv']));
  const at2025 = nw.filter((r) => r.year === 2025 && r.kind === 'projected');
  const total = at2025.find((r) => r.level === 'group');
  const added = at2025.filter((r) => r.level === 'council').reduce((s, r) => [s[0] + r.lower80, s[1] + r.upper80], [0, 0]);
  console.log('\n## 2. North West, base 2022 (bundled national files)\n');
  console.log(
    `2025: ${Math.round(total.cla)}, 80% range ${Math.round(total.lower80)}-${Math.round(total.upper80)}, 95% ${Math.round(total.lower95)}-${Math.round(total.upper95)}; members' 80% bounds added: ${Math.round(added[0])}-${Math.round(added[1])}`,
  );
  // A group of one, for every council: its bounds against the council's own (both with their floors).
  const population = data('population-0-17-mid-2011-2024.csv');
  const history = ['--history', national, '--history', london, '--population', population];
  const own = numbers(await run(['project', ...history, '--area', 'all', '--methods', 'recommended', '--format', 'csv'])).filter(
    (r) => r.kind === 'projected',
  );
  writeFileSync(
    join(scratch, 'one.csv'),
    `group,area\n${[...new Set(own.map((r) => r.area_name))].map((n, i) => `One ${i},"${n}"`).join('\n')}\n`,
  );
  const ones = numbers(
    await run([
      'project',
      ...history,
      '--groups',
      join(scratch, 'one.csv'),
      '--group',
      'all',
      '--methods',
      'recommended',
      '--format',
      'csv',
    ]),
  );
  const deviations = { 80: [], 95: [], over: [] };
  for (const g of ones.filter((r) => r.level === 'group' && r.kind === 'projected')) {
    const name = ones.find((r) => r.level === 'council' && r.group === g.group).area_name;
    const o = own.find((r) => r.area_name === name && r.year === g.year);
    if (!(o.cla >= 100)) continue; // small councils' ranges are mostly chance's floor, the same in both
    const d80 = Math.max(Math.abs(g.lower80 / o.lower80 - 1), Math.abs(g.upper80 / o.upper80 - 1));
    deviations[80].push(d80);
    if (d80 > 0.015) deviations.over.push(g.year - (ones.find((r) => r.group === g.group && r.kind === 'projected').year - 1));
    deviations[95].push(Math.max(Math.abs(g.lower95 / o.lower95 - 1), Math.abs(g.upper95 / o.upper95 - 1)));
  }
  console.log(
    `80% bounds more than 1.5% from the council's own: ${deviations.over.length} council-years, ${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      .map((h) => `${deviations.over.filter((x) => x === h).length} at ${h} years ahead`)
      .join(', ')}`,
  );
  for (const level of [80, 95]) {
    const d = deviations[level].sort((a, b) => a - b);
    console.log(
      `A group of one against the council's own ${level}% range, every council of 100 or more (${d.length} council-years, 2023-2032 or 2026-2035): ` +
        `bounds within ${(quantileSorted(d, 0.5) * 100).toFixed(2)}% at the median, ${(quantileSorted(d, 0.95) * 100).toFixed(2)}% at the 95th percentile, ${(d.at(-1) * 100).toFixed(2)}% at most`,
    );
  }

  // 3. London turn test
  const random = createRandom(SEED);
  const boroughs = parse(readFileSync(london, 'utf8').replace(/^\uFEFF/, ''), { columns: true })
    .filter((r) => r.geographic_level === 'Local authority')
    .map((r) => r.la_name);
  const names = [...new Set(boroughs)].sort();
  const londonGroups = [
    ['London', names],
    ...subGroups(names, 5, 20, random).map((g, i) => [`Five ${i + 1}`, g]),
    ...subGroups(names, 10, 20, random).map((g, i) => [`Ten ${i + 1}`, g]),
  ];
  writeFileSync(
    join(scratch, 'london-groups.csv'),
    `group,area\n${londonGroups.flatMap(([g, ms]) => ms.map((m) => `${g},${m}`)).join('\n')}\n`,
  );
  await run([
    'backtest',
    '--history',
    national,
    '--history',
    london,
    '--groups',
    join(scratch, 'london-groups.csv'),
    '--group',
    'all',
    '--origins',
    '2020-2022',
    '--horizon',
    '5',
    '--methods',
    'recommended',
    '--forecasts',
    join(scratch, 'london.csv'),
  ]);
  function testTable(title, rows, kinds, independent) {
    console.log(`\n${title}\n`);
    console.log(
      "| groups | forecasts | group's range: held (below / above), score | members' bounds added | members independent | width: group / added |",
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [label, match] of kinds) {
      const own = rows.filter((r) => match(r.group));
      const g = summary(own, (f) => [f.lower80, f.upper80]);
      const a = summary(own, (f) => f.added);
      const i = independent ? cell(summary(own, (f) => f.independent)) : '-';
      console.log(`| ${label} | ${g.n} | ${cell(g)} | ${cell(a)} | ${i} | ${(g.width / a.width).toFixed(2)} |`);
    }
  }
  const londonRows = numbers(readFileSync(join(scratch, 'london.csv'), 'utf8'));
  const members = londonRows.filter((r) => r.level === 'council' && r.actual !== '');
  const groupRows = londonRows
    .filter((r) => r.level === 'group')
    .map((g) => {
      const names = new Set(londonGroups.find(([n]) => n === g.group)[1]);
      const own = members.filter((m) => m.group === g.group && names.has(m.area_name) && m.origin === g.origin && m.year === g.year);
      return { ...g, added: own.reduce((s, m) => [s[0] + m.lower80, s[1] + m.upper80], [0, 0]) };
    });
  const kinds = [
    ['London (33)', (g) => g === 'London'],
    ['20 of 5', (g) => g.startsWith('Five')],
    ['20 of 10', (g) => g.startsWith('Ten')],
    ['all', () => true],
  ];
  testTable("## 3. London turn test (origins 2020-2022, outcomes to 2025; the group's 80% range)", groupRows, kinds, false);
  console.log('\nBy years ahead, London (33) and the sub-groups together:\n');
  console.log('| years ahead | forecasts | held (below / above), score |');
  console.log('| --- | --- | --- |');
  for (const h of [1, 2, 3, 4, 5])
    console.log(
      `| ${h} | ${groupRows.filter((r) => r.horizon === h).length} | ${cell(
        summary(
          groupRows.filter((r) => r.horizon === h),
          (f) => [f.lower80, f.upper80],
        ),
      )} |`,
    );

  // 4. Growth test, the research's split
  const file = loadHistory(context.reader, national, undefined, 'national');
  const areas = combineHistory([file]).areas;
  const table = context.bundled.regionTable();
  const past = calibrationFromHistory(
    areas,
    table,
    (region) => regionalCandidates(context, region, areas, ['national'], table).filter((s) => s.source === 'input councils'),
    () => 'national',
    9,
  );
  const train = rangeCalibration({ description: 'origins 2013-2016', errors: past.errors.filter((e) => e.origin <= 2016) }, 2022);
  const test = past.errors.filter((e) => e.origin >= 2017 && e.origin <= 2019 && e.horizon <= 5);
  const outside = [...new Set(test.filter((e) => e.region !== 'E12000007').map((e) => e.council))].sort();
  const growthGroups = [
    ...[...new Set(test.map((e) => e.region))]
      .sort()
      .map((r) => [r === 'E12000007' ? 'London' : r, test.filter((e) => e.region === r).map((e) => e.council)]),
    ...subGroups(outside, 5, 20, random).map((g, i) => [`Five ${i + 1}`, g]),
    ...subGroups(outside, 10, 20, random).map((g, i) => [`Ten ${i + 1}`, g]),
  ];
  const growthRows = [];
  const independentRandom = createRandom(SEED + 1);
  for (const [name, councils] of growthGroups) {
    const set = new Set(councils);
    for (const origin of [2017, 2018, 2019]) {
      const byH = [1, 2, 3, 4, 5]
        .map((h) => test.filter((e) => set.has(e.council) && e.origin === origin && e.horizon === h))
        .filter((l) => l.length > 0);
      const membersAt = (h) =>
        byH.find((l) => l[0].horizon === h).map((e) => ({ point: e.forecast, size: e.size, region: e.region, horizon: h }));
      const points = byH.map((l) => l.reduce((s, e) => s + e.forecast, 0));
      const fitted = groupIntervals(
        train,
        membersAt,
        byH.map((l) => l[0].horizon),
        points,
        { seed: SEED },
      );
      byH.forEach((list, i) => {
        const h = list[0].horizon;
        const addedBounds = list.reduce(
          (s, e) => {
            const q = train.range(h, sizeBandOf(e.size));
            const chance = chanceRange(e.forecast);
            return [
              s[0] + Math.min(e.forecast * Math.exp(q.q10), chance.lower80, e.forecast),
              s[1] + Math.max(e.forecast * Math.exp(q.q90), chance.upper80, e.forecast),
            ];
          },
          [0, 0],
        );
        const ind = independentBounds(train, membersAt(h), h, independentRandom).map((r) => r * points[i]);
        growthRows.push({
          group: name,
          horizon: h,
          forecast: points[i],
          actual: list.reduce((s, e) => s + e.actual, 0),
          lower80: fitted.intervals[i].lower80,
          upper80: fitted.intervals[i].upper80,
          added: addedBounds,
          independent: ind,
        });
      });
    }
  }
  testTable(
    '## 4. Growth test as the research split it (calibrated on origins 2013-2016, tested on origins 2017-2019, outcomes to 2022, 1-5 years ahead)',
    growthRows,
    [
      ['8 regions outside London', (g) => g.startsWith('E12')],
      ['20 of 5 outside London', (g) => g.startsWith('Five')],
      ['20 of 10 outside London', (g) => g.startsWith('Ten')],
      ['London', (g) => g === 'London'],
    ],
    true,
  );
  const asRun = numbers(
    await (async () => {
      await run([
        'backtest',
        '--history',
        national,
        '--group',
        'all',
        '--origins',
        '2017-2019',
        '--horizon',
        '5',
        '--methods',
        'recommended',
        '--forecasts',
        join(scratch, 'growth.csv'),
      ]);
      return readFileSync(join(scratch, 'growth.csv'), 'utf8');
    })(),
  );
  const asRunGroups = asRun.filter((r) => r.level === 'group' && r.group !== 'London');
  console.log(
    `\nAs \`lacproj backtest --group all\` runs it (each origin calibrated on what was known then; origin 2017 measures no horizon beyond 2), the eight regions outside London: ${asRunGroups.length} forecasts, ${cell(summary(asRunGroups, (f) => [f.lower80, f.upper80]))}`,
  );
}

// 5. Speed
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 0);
if (runs > 0) {
  const bin = fileURLToPath(new URL('../bin/lacproj.js', import.meta.url));
  const time = (args) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    return `median ${Math.round(times[Math.floor(runs / 2)])} ms (fastest ${Math.round(times[0])})`;
  };
  console.log(
    `\n## 5. Speed (fresh processes; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} cores)\n`,
  );
  console.log(
    `project --group all (nine regions, bundled national files; recommended and naive: no population past mid-2024): ${time(['project', '--group', 'all'])}`,
  );
  console.log(
    `project --group all --population-extend flat (every method, flow's 2,000 paths for each of 150 councils): ${time(['project', '--group', 'all', '--population-extend', 'flat'])}`,
  );
  console.log(`project --group all --methods recommended: ${time(['project', '--group', 'all', '--methods', 'recommended'])}`);
}
rmSync(scratch, { recursive: true, force: true });
