#!/usr/bin/env node
// Rebuild data/england/recommended-calibration.json: the recommended projection's past errors over
// every council of DfE's national file (data/england/cla-history-2010-2022.csv), one row per council
// and origin with its log errors ln(actual / forecast) one, two, ... years ahead, and a summary
// table (each size band's residual pool and range by the year it was known and horizon) to read.
// Run after `npm run build`:
//   node scripts/build-calibration.js          write the file
//   node scripts/build-calibration.js --check  exit 1 if the bundled file differs (a test runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadHistory } from '../dist/io/load.js';
import { combineHistory } from '../dist/io/combine.js';
import { formatCalibration } from '../dist/io/regions.js';
import { calibrationFromHistory, calibrationSummary } from '../dist/model/evaluation/calibration.js';
import { createRunContext } from '../dist/app/context.js';
import { regionalCandidates } from '../dist/app/regions.js';

const context = createRunContext();

const root = new URL('../', import.meta.url);
const source = 'data/england/cla-history-2010-2022.csv';
const target = fileURLToPath(new URL('data/england/recommended-calibration.json', root));
const file = loadHistory(context.reader, fileURLToPath(new URL(source, root)), undefined, source);
const areas = combineHistory([file]).areas;
const table = context.bundled.regionTable();
// Regions are summed from this file's own councils, as at run time with a national input.
const past = calibrationFromHistory(
  areas,
  table,
  (region) => regionalCandidates(context, region, areas, [source], table).filter((s) => s.source === 'input councils'),
  (councils, origins) => `${councils} councils in ${source} (origins ${origins}; scripts/build-calibration.js)`,
);
const text = formatCalibration(past, calibrationSummary(past));
if (process.argv.includes('--check')) {
  const bundled = readFileSync(target, 'utf8');
  if (bundled !== text) {
    console.error('data/england/recommended-calibration.json differs from what scripts/build-calibration.js builds now');
    process.exit(1);
  }
  console.error('data/england/recommended-calibration.json is up to date');
} else {
  writeFileSync(target, text);
  console.error(`wrote ${target}: ${past.errors.length} errors`);
}
