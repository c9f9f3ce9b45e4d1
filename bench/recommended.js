#!/usr/bin/env node
// Evidence for the recommended projection on DfE's national file (data/england), printed as
// Markdown tables for README.md and bench/README.md. Run after `npm run build`:
//   node bench/recommended.js
// 1. The method as lacproj runs it (`lacproj backtest --methods recommended,naive`): MAE relative
//    to naive per horizon, 80%/95% coverage overall and by council size (under 100, 100-299, 300-599,
//    600 and over), for origins 2013-2016 and
//    2017-2019, and London's boroughs at origins 2020-2022 with the London 2021-2025 file.
// 2. Variants the research compared, from the same forecasting code: phi 0.8 instead of 0.5, and
//    England's growth instead of the region's (London boroughs), with the wall time of each run.
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { main } from '../dist/cli/main.js';
import { combineHistory } from '../dist/io/combine.js';
import { loadHistory } from '../dist/io/load.js';
import { createRunContext } from '../dist/app/context.js';
import { regionalCandidates } from '../dist/app/regions.js';

const context = createRunContext();
import { joinReorganisedAreas } from '../dist/model/areas/crosswalk.js';
import { isCouncil, LONDON } from '../dist/model/areas/regions.js';
import { recommendedErrors } from '../dist/model/evaluation/calibration.js';

const data = (name) => fileURLToPath(new URL(`../data/england/${name}`, import.meta.url));
const national = data('cla-history-2010-2022.csv');
const london = data('cla_number_and_rate_per_10k_children_2021to2025_london.csv');
const population = data('population-0-17-mid-2011-2024.csv');

async function backtest(args) {
  let out = '';
  const io = { stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const started = process.hrtime.bigint();
  const code = await main(['backtest', '--population', population, '--methods', 'recommended,naive', '--format', 'csv', ...args], io);
  if (code !== 0) throw new Error(`exit ${code}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rows = parse(out, { columns: true }).filter((r) => r.area_name === 'All areas (pooled)' && r.method === 'recommended');
  return { rows, ms };
}

const pct = (v) => (v === '-' || v === '' ? '-' : `${Math.round(Number(v) * 100)}%`);
const byHorizon = (rows, band, field, f = (v) => v) =>
  [1, 2, 3].map((h) => f(rows.find((r) => r.size_band === band && Number(r.horizon) === h)?.[field] ?? '-')).join(' / ');

console.log(
  '| origins | councils | MAE vs naive (h 1/2/3) | 80% held | 95% held | 80% held by size: under 100 / 100-299 / 300-599 / 600+ (h 1/2/3) | run |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const runs = [
  ['2013-2016', 'every English council', ['--history', national, '--area', 'all', '--origins', '2013-2016']],
  ['2017-2019', 'every English council', ['--history', national, '--area', 'all', '--origins', '2017-2019']],
  [
    '2020-2022 (targets to 2025)',
    'London boroughs',
    ['--history', national, '--history', london, '--region', 'London', '--origins', '2020-2022'],
  ],
];
for (const [origins, who, args] of runs) {
  const { rows, ms } = await backtest(args);
  const sizes = ['under100', '100to299', '300to599', '600plus']
    .map((b) => `${byHorizon(rows, b, 'coverage80', pct)} (n ${byHorizon(rows, b, 'n')})`)
    .join('; ');
  console.log(
    `| ${origins} | ${who} | ${byHorizon(rows, 'all', 'relative_mae')} | ${byHorizon(rows, 'all', 'coverage80', pct)} | ${byHorizon(rows, 'all', 'coverage95', pct)} | ${sizes} | ${(ms / 1000).toFixed(1)} s |`,
  );
}

// Variants: the same forecast with other choices, MAE relative to naive over the same forecasts.
const table = context.bundled.regionTable();
const areas = combineHistory([loadHistory(context.reader, national), loadHistory(context.reader, london)]).areas;
const councils = joinReorganisedAreas(areas.filter((h) => isCouncil(h.area) && table.regionOf(h.area))).areas.map((h) => ({
  code: h.area.code || h.area.dfeCode || h.area.name,
  name: h.area.name,
  regionCode: table.regionOf(h.area).code,
  counts: new Map(h.years.map((y) => [y.year, y.cla])),
}));
const regional = new Map();
for (const c of councils) {
  if (!regional.has(c.regionCode)) {
    const region = table.councils.find((x) => x.region.code === c.regionCode).region;
    regional.set(
      c.regionCode,
      regionalCandidates(context, region, areas, [], table).filter((s) => s.source === 'input councils'),
    );
  }
}
// England's growth: every council as one region's members.
const englandSeries = [
  {
    region: { code: 'E92000001', name: 'England' },
    source: 'input councils',
    files: [],
    members: councils.map((c) => ({ name: c.name, counts: c.counts })),
  },
];
const england = new Map([...regional.keys()].map((code) => [code, englandSeries]));

function maeRatio(regions, damping, origins, onlyLondon) {
  const errors = recommendedErrors(
    onlyLondon ? councils.filter((c) => c.regionCode === LONDON.code) : councils,
    regions,
    3,
    damping,
  ).filter((e) => e.origin >= origins[0] && e.origin <= origins[1]);
  return [1, 2, 3]
    .map((h) => {
      const own = errors.filter((e) => e.horizon === h);
      const method = own.reduce((s, e) => s + Math.abs(e.forecast - e.actual), 0);
      const naive = own.reduce((s, e) => s + Math.abs(e.size - e.actual), 0);
      return (method / naive).toFixed(3);
    })
    .join(' / ');
}
console.log('\n| variant | origins 2013-2016 | origins 2017-2019 | London, origins 2020-2022 |');
console.log('| --- | --- | --- | --- |');
for (const [name, regions, damping] of [
  ['region, phi 0.5 (recommended)', regional, 0.5],
  ['region, phi 0.8', regional, 0.8],
  ['England, phi 0.5', england, 0.5],
]) {
  console.log(
    `| ${name} | ${maeRatio(regions, damping, [2013, 2016])} | ${maeRatio(regions, damping, [2017, 2019])} | ${maeRatio(regions, damping, [2020, 2022], true)} |`,
  );
}
console.log('\n| variant, London boroughs only | origins 2013-2016 | origins 2017-2019 |');
console.log('| --- | --- | --- |');
for (const [name, regions] of [
  ['London growth', regional],
  ["England's growth", england],
]) {
  console.log(`| ${name} | ${maeRatio(regions, 0.5, [2013, 2016], true)} | ${maeRatio(regions, 0.5, [2017, 2019], true)} |`);
}
