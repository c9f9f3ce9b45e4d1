#!/usr/bin/env node
// Evidence for the ranges (issue 19), printed as Markdown for bench/README.md and docs/methods.md.
// Run after `npm run build`:
//   node bench/ranges.js               this build
//   node bench/ranges.js OTHER/dist    another build (an older commit's, for the "before" figures;
//                                      it reads its own bundled data next to its dist/)
// Every figure comes from `lacproj backtest --forecasts` / `lacproj project` on the bundled national
// files, so the same script measures any build:
// 1. The London turn test: London's boroughs, origins 2020-2022, outcomes to 2025 (national file plus
//    DfE's London 2021-2025 file), 1-5 years ahead: share held, below and above each method's 80%
//    range, and its interval score (width + 10 x the miss, children; lower is better).
// 2. The growth test: every council, origins 2017-2019, outcomes to 2022, as `lacproj backtest` runs
//    it (each origin calibrated on what was known then); and, for the recommended projection, the
//    split the research used: ranges calibrated on origins 2013-2016 only (outcomes to 2022).
// 3. Councils under 100 children: the recommended 80% range one year ahead, origins 2013-2019, and
//    every council's projection from 2022 against what chance alone allows (F +/- 1.28 sqrt(F)).
// 4. Tower Hamlets' recommended ranges for 2035.
// 5. `project --area all` to 2032: ranges that narrow further ahead (relative to the point), by method,
//    and flow's widest; flow's backtest by council size, 1-8 years ahead.
// 6. The drift flow uses (ENGLAND_DRIFT), measured: pooled over councils, and split-half.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const dist = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
const load = (path) => import(pathToFileURL(join(dist, path)).href);

/** The readers of this build: a run context's (app/, since the run context) or the older module-level ones. */
async function readers() {
  const io = await load('io/load.js');
  const app = await load('app/context.js').catch(() => undefined);
  if (app === undefined) {
    const old = await load('cli/regions.js');
    return {
      loadHistory: (path) => io.loadHistory(path),
      regionalCandidates: old.regionalCandidates,
      loadRegionTable: old.loadRegionTable,
    };
  }
  const context = app.createRunContext();
  const regions = await load('app/regions.js');
  return {
    loadHistory: (path) => io.loadHistory(context.reader, path),
    regionalCandidates: (region, areas, files, table) => regions.regionalCandidates(context, region, areas, files, table),
    loadRegionTable: () => context.bundled.regionTable(),
  };
}
const { main } = await load('cli/main.js');
const data = (name) => fileURLToPath(new URL(`../data/england/${name}`, import.meta.url));
const national = data('cla-history-2010-2022.csv');
const london = data('cla_number_and_rate_per_10k_children_2021to2025_london.csv');
const population = data('population-0-17-mid-2011-2024.csv');
const scratch = mkdtempSync(join(tmpdir(), 'lacproj-ranges-'));

async function run(args) {
  let out = '';
  const io = { stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await main(args, io);
  if (code !== 0) throw new Error(`lacproj ${args.join(' ')}: exit ${code}`);
  return out;
}

/** Every forecast of a backtest, with numbers. */
async function forecasts(args) {
  const file = join(scratch, 'forecasts.csv');
  await run(['backtest', '--population', population, '--format', 'csv', '--forecasts', file, ...args]);
  const text = ['area_code', 'area_name', 'method'];
  return parse(readFileSync(file, 'utf8'), {
    columns: true,
    cast: (v, c) => (c.header || text.includes(c.column) || v === '' ? v : Number(v)),
  }).filter((f) => f.actual !== '');
}

const share = (list, f) => (list.length === 0 ? NaN : list.filter(f).length / list.length);
const pct = (v) => (Number.isNaN(v) ? '-' : `${Math.round(v * 100)}%`);
const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;
const score = (f, lower, upper, alpha) =>
  upper - lower + (2 / alpha) * (f.actual < lower ? lower - f.actual : f.actual > upper ? f.actual - upper : 0);

/** held / below / above / interval score of the 80% range, and the 95% held. */
function summary(list) {
  return {
    n: list.length,
    held: share(list, (f) => f.actual >= f.lower80 && f.actual <= f.upper80),
    below: share(list, (f) => f.actual < f.lower80),
    above: share(list, (f) => f.actual > f.upper80),
    held95: share(list, (f) => f.actual >= f.lower95 && f.actual <= f.upper95),
    score: list.length ? mean(list.map((f) => score(f, f.lower80, f.upper80, 0.2))) : NaN,
  };
}

function methodTable(title, list, methods, horizons) {
  console.log(`\n${title}\n`);
  console.log('| method | years ahead | forecasts | 80% held | below | above | 95% held | interval score 80% |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const method of methods) {
    for (const h of horizons) {
      const s = summary(list.filter((f) => f.method === method && f.horizon === h));
      if (s.n === 0) continue;
      console.log(
        `| ${method} | ${h} | ${s.n} | ${pct(s.held)} | ${pct(s.below)} | ${pct(s.above)} | ${pct(s.held95)} | ${s.score.toFixed(1)} |`,
      );
    }
    const all = summary(list.filter((f) => f.method === method && horizons.includes(f.horizon)));
    console.log(
      `| ${method} | all | ${all.n} | ${pct(all.held)} | ${pct(all.below)} | ${pct(all.above)} | ${pct(all.held95)} | ${all.score.toFixed(1)} |`,
    );
  }
}

console.log(`# Ranges, measured with ${dist}`);

// 1. London turn test
const methods = ['recommended', 'naive', 'avg3', 'trend', 'flow'];
const londonForecasts = await forecasts([
  '--history',
  national,
  '--history',
  london,
  '--region',
  'London',
  '--origins',
  '2020-2022',
  '--horizon',
  '5',
  '--methods',
  methods.join(','),
]);
methodTable('## 1. London turn test (origins 2020-2022, outcomes to 2025)', londonForecasts, methods, [1, 2, 3, 4, 5]);

// 2. Growth test, as lacproj backtest runs it
const growth = await forecasts([
  '--history',
  national,
  '--area',
  'all',
  '--origins',
  '2017-2019',
  '--horizon',
  '5',
  '--methods',
  methods.join(','),
]);
methodTable(
  '## 2. Growth test (every council, origins 2017-2019, outcomes to 2022; each origin calibrated on what was known then)',
  growth,
  methods,
  [1, 2, 3, 4, 5],
);

// 2b. The research's split: the recommended ranges calibrated on origins 2013-2016 only.
{
  const { combineHistory } = await load('io/combine.js');
  const { loadHistory, regionalCandidates, loadRegionTable } = await readers();
  const { joinReorganisedAreas } = await load('model/areas/crosswalk.js');
  const { isCouncil } = await load('model/areas/regions.js');
  const calibration = await load('model/evaluation/calibration.js');
  const recommended = await load('model/methods/recommended.js');
  const areas = combineHistory([loadHistory(national)]).areas;
  const table = loadRegionTable();
  const councils = joinReorganisedAreas(areas.filter((h) => isCouncil(h.area) && table.regionOf(h.area))).areas.map((h) => ({
    code: h.area.code || h.area.dfeCode || h.area.name,
    name: h.area.name,
    regionCode: table.regionOf(h.area).code,
    counts: new Map(h.years.map((y) => [y.year, y.cla])),
  }));
  const regions = new Map();
  for (const c of councils) {
    if (regions.has(c.regionCode)) continue;
    const region = table.councils.find((x) => x.region.code === c.regionCode).region;
    regions.set(
      c.regionCode,
      regionalCandidates(region, areas, [], table).filter((s) => s.source === 'input councils'),
    );
  }
  const errors = calibration.recommendedErrors(councils, regions, 9);
  const train = errors.filter((e) => e.origin <= 2016);
  const test = errors.filter((e) => e.origin >= 2017 && e.origin <= 2019 && e.horizon <= 5);
  let boundsOf;
  if (calibration.calibrationSummary) {
    const ranges = await load('model/methods/recommendedRanges.js');
    const { chanceRange } = await load('model/stats/intervals.js');
    const fitted = ranges.rangeCalibration({ description: 'origins 2013-2016', errors: train }, 2022);
    boundsOf = (e) => {
      const q = fitted.range(e.horizon, recommended.sizeBandOf(e.size));
      const chance = chanceRange(e.forecast);
      return [
        Math.min(e.forecast * Math.exp(q.q10), chance.lower80, e.forecast),
        Math.max(e.forecast * Math.exp(q.q90), chance.upper80, e.forecast),
      ];
    };
  } else {
    const fitted = calibration.calibrationFromErrors(train, [2022], 'origins 2013-2016');
    boundsOf = (e) => {
      const choice = recommended.calibrationFor(fitted, 2022, e.horizon, recommended.sizeBandOf(e.size));
      const i = recommended.calibratedInterval(e.forecast, choice);
      return [Math.min(i.lower80, e.forecast), Math.max(i.upper80, e.forecast)];
    };
  }
  console.log('\n## 2b. Growth test as the research split it: recommended ranges calibrated on origins 2013-2016, tested on 2017-2019\n');
  console.log('| years ahead | forecasts | 80% held | below | above | interval score 80% |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const h of [1, 2, 3, 4, 5, 'all']) {
    const list = test
      .filter((e) => h === 'all' || e.horizon === h)
      .map((e) => {
        const [lower80, upper80] = boundsOf(e);
        return { ...e, lower80, upper80, lower95: -Infinity, upper95: Infinity };
      });
    const s = summary(list);
    console.log(`| ${h} | ${s.n} | ${pct(s.held)} | ${pct(s.below)} | ${pct(s.above)} | ${s.score.toFixed(1)} |`);
  }
}

// 3. Small councils
const countAt = new Map();
for (const row of parse(readFileSync(national, 'utf8'), { columns: true })) {
  if (/^\d+$/.test(row.cla)) countAt.set(`${row.area_code}|${row.year}`, Number(row.cla));
}
const small = (
  await forecasts(['--history', national, '--area', 'all', '--origins', '2013-2019', '--horizon', '1', '--methods', 'recommended,naive'])
).filter((f) => (countAt.get(`${f.area_code}|${f.origin}`) ?? Infinity) < 100);
methodTable('## 3. Councils under 100 children at the origin, one year ahead (origins 2013-2019)', small, ['recommended', 'naive'], [1]);
const rutland = small.filter((f) => f.area_name === 'Rutland' && f.method === 'recommended');
console.log(`\nRutland's own, recommended: ${rutland.length} forecasts, 80% range held ${pct(summary(rutland).held)}`);

const projected = parse(
  await run([
    'project',
    '--history',
    national,
    '--population',
    population,
    '--area',
    'all',
    '--to',
    '2032',
    '--population-extend',
    'trend',
    '--format',
    'csv',
  ]),
  { columns: true },
).filter((r) => r.kind === 'projected');
const narrower = projected.filter((r) => {
  const f = Number(r.cla);
  // CSV values are rounded to 0.1
  return (
    r.method === 'recommended' && (Number(r.lower80) > f - 1.28 * Math.sqrt(f) + 0.1 || Number(r.upper80) < f + 1.28 * Math.sqrt(f) - 0.1)
  );
});
console.log(
  `\nRecommended 80% ranges narrower than chance alone (F +/- 1.28 sqrt F), project --area all to 2032: ${narrower.length} of ${projected.filter((r) => r.method === 'recommended').length} council-years` +
    (narrower.length
      ? ` (e.g. ${narrower[0].area_name} ${narrower[0].year}: ${narrower[0].cla} (${narrower[0].lower80}-${narrower[0].upper80}))`
      : ''),
);

// 4. Tower Hamlets 2035
const th = parse(await run(['project', '--to', '2035', '--methods', 'recommended', '--format', 'csv']), { columns: true }).filter(
  (r) => r.kind === 'projected',
);
const row = (year) => th.find((r) => Number(r.year) === year);
console.log('\n## 4. Tower Hamlets, recommended (bundled data, base 2025)\n');
console.log('| year | point | 80% range | 95% range |');
console.log('| --- | --- | --- | --- |');
for (const year of [2026, 2028, 2030, 2035]) {
  const r = row(year);
  console.log(
    `| ${year} | ${Math.round(r.cla)} | ${Math.round(r.lower80)}-${Math.round(r.upper80)} | ${Math.round(r.lower95)}-${Math.round(r.upper95)} |`,
  );
}

// 5. Ranges that narrow further ahead, and flow's widest
console.log(
  '\n## 5. `project --area all --to 2032 --population-extend trend`: ranges narrower than the year before (relative to the point)\n',
);
console.log('| method | councils | council-years narrower than the year before | widest 80% range in 2032 (upper / point) |');
console.log('| --- | --- | --- | --- |');
for (const method of methods) {
  const rows = projected.filter((r) => r.method === method);
  const byArea = new Map();
  for (const r of rows) byArea.set(r.area_name, [...(byArea.get(r.area_name) ?? []), r]);
  let narrowing = 0;
  let widest = { ratio: 0 };
  for (const [name, list] of byArea) {
    list.sort((a, b) => a.year - b.year);
    // CSV values are rounded to 0.1: allow that much either way
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]].map((r) => ({ f: Number(r.cla), lo: Number(r.lower80), hi: Number(r.upper80) }));
      if (!(a.f > 0 && b.f > 0)) continue;
      if (b.lo / b.f > a.lo / a.f + 0.1 / b.f + 0.1 / a.f + 1e-9 || b.hi / b.f < a.hi / a.f - 0.1 / b.f - 0.1 / a.f - 1e-9) narrowing++;
    }
    const last = list.at(-1);
    const ratio = Number(last.upper80) / Number(last.cla);
    if (Number(last.cla) > 0 && ratio > widest.ratio) widest = { ratio, name, point: last.cla, lower: last.lower80, upper: last.upper80 };
  }
  console.log(
    `| ${method} | ${byArea.size} | ${narrowing} | ${widest.ratio.toFixed(2)}: ${widest.name} ${Math.round(widest.point)} (${Math.round(widest.lower)}-${Math.round(widest.upper)}) |`,
  );
}

const flowBacktest = await forecasts([
  '--history',
  national,
  '--area',
  'all',
  '--origins',
  '2013-2021',
  '--horizon',
  '8',
  '--methods',
  'flow',
]);
console.log('\n## 5b. Flow by council size at the origin (every council, origins 2013-2021, 80% range)\n');
console.log('| size | years ahead 1 / 2 / 3 / 5 / 8: held (below/above) | interval score 1 / 3 / 5 / 8 |');
console.log('| --- | --- | --- |');
const bandOf = (n) => (n < 100 ? 'under 100' : n < 300 ? '100-299' : n < 600 ? '300-599' : '600 and over');
for (const band of ['all', 'under 100', '100-299', '300-599', '600 and over']) {
  const own = flowBacktest.filter((f) => band === 'all' || bandOf(countAt.get(`${f.area_code}|${f.origin}`) ?? Infinity) === band);
  const at = (h) => summary(own.filter((f) => f.horizon === h));
  console.log(
    `| ${band} | ${[1, 2, 3, 5, 8].map((h) => `${pct(at(h).held)} (${pct(at(h).below)}/${pct(at(h).above)})`).join(' / ')} | ${[1, 3, 5, 8].map((h) => at(h).score.toFixed(0)).join(' / ')} |`,
  );
}

// 6. The drift flow uses, measured
{
  const { combineHistory } = await load('io/combine.js');
  const { loadHistory } = await readers();
  const { isCouncil } = await load('model/areas/regions.js');
  const councils = combineHistory([loadHistory(national)]).areas.filter((a) => isCouncil(a.area));
  const meanSquare = (values, lag) => {
    const changes = [...values.keys()].filter((y) => values.has(y - lag)).map((y) => values.get(y) - values.get(y - lag));
    return changes.length ? changes.reduce((s, c) => s + c * c, 0) / changes.length : NaN;
  };
  const drift2 = (values) => meanSquare(values, 2) - meanSquare(values, 1);
  // entries net of UASC arrivals (U_t - 0.5 U_{t-1}) and the share leaving, net of UASC exits (0.5 U_{t-1})
  const seriesOf = (h, upTo, from = 0) => {
    const byYear = new Map(h.years.map((y) => [y.year, y]));
    const entries = new Map();
    const shares = new Map();
    const starts = new Map();
    const ceased = new Map();
    for (const y of h.years.filter((x) => x.year <= upTo && x.year >= from)) {
      if (y.starts > 0) starts.set(y.year, Math.log(y.starts));
      if (y.ceased > 0) ceased.set(y.year, Math.log(y.ceased));
      const before = byYear.get(y.year - 1);
      if (!before || before.cla === null || y.starts === null || y.ceased === null || y.uasc === null || before.uasc === null) continue;
      const arrivals = Math.max(0, y.uasc - 0.5 * before.uasc);
      const inCare = before.cla - before.uasc + y.starts - arrivals;
      const leaving = y.ceased - 0.5 * before.uasc;
      if (y.starts - arrivals > 0 && leaving > 0 && inCare > 0) {
        entries.set(y.year, Math.log(y.starts - arrivals));
        shares.set(y.year, Math.log(leaving / inCare));
      }
    }
    const last12 = (m) => new Map([...m].slice(-12));
    return { entries: last12(entries), shares: last12(shares), starts, ceased };
  };
  console.log('\n## 6. Drift of entry rate and exit share, pooled over councils (sqrt of the mean of MS(2-year) - MS(1-year) changes)\n');
  console.log('| to | councils | entries net of UASC | share leaving, net of UASC | starts (counts) | ceased (counts) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const upTo of [2016, 2019, 2022]) {
    const series = councils.map((h) => seriesOf(h, upTo));
    const pooled = (key) => {
      const values = series.map((s) => drift2(s[key])).filter(Number.isFinite);
      return `${Math.sqrt(mean(values)).toFixed(3)}`;
    };
    console.log(`| ${upTo} | ${series.length} | ${pooled('entries')} | ${pooled('shares')} | ${pooled('starts')} | ${pooled('ceased')} |`);
  }
  const correlation = (a, b) => {
    const [ma, mb] = [mean(a), mean(b)];
    const cov = mean(a.map((x, i) => (x - ma) * (b[i] - mb)));
    return cov / Math.sqrt(mean(a.map((x) => (x - ma) ** 2)) * mean(b.map((x) => (x - mb) ** 2)));
  };
  const halves = (key) => {
    const pairs = councils
      .map((h) => [drift2(seriesOf(h, 2016)[key]), drift2(seriesOf(h, 2022, 2016)[key])])
      .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    return `${correlation(
      pairs.map((p) => Math.max(0, p[0])),
      pairs.map((p) => Math.max(0, p[1])),
    ).toFixed(2)} (${pairs.length} councils)`;
  };
  console.log(
    `\nOne council's own drift (max(0, MS2 - MS1)) on 2010-2016 against 2016-2022, correlation over councils: starts ${halves('starts')}, ceased ${halves('ceased')}, entries net of UASC ${halves('entries')}, share leaving ${halves('shares')}`,
  );
}
rmSync(scratch, { recursive: true, force: true });
