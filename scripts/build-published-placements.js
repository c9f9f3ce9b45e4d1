#!/usr/bin/env node
// Rebuild data/england/placements-by-council-2010-2022.csv, the compact copy of DfE's published
// placement figures for every council (children looked after on 31 March by placement, place
// provider, locality and distance from home), from DfE's files as published (data/README.md says
// which). Each file is read with lacproj's own reader (io/publishedPlacements.ts), so the bundled
// figures are what `--placements <DfE file>` reads. Run after `npm run build`:
//   node scripts/build-published-placements.js la_cla_on_31_march_placements_2010to2017.csv \
//     la_cla_on_31_march_by_characteristics_2021to2022.csv
// A council and year in two files is an error: the files must not overlap.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPACT_COLUMNS, compactRecords, parsePublishedPlacements } from '../dist/io/publishedPlacements.js';
import { renderCsv } from '../dist/report/csv.js';

const sources = process.argv.slice(2);
if (sources.length === 0) {
  console.error('usage: node scripts/build-published-placements.js DFE_FILE...');
  process.exit(1);
}
const target = fileURLToPath(new URL('../data/england/placements-by-council-2010-2022.csv', import.meta.url));
const years = [];
const seen = new Map();
for (const path of sources) {
  const file = parsePublishedPlacements(basename(path), readFileSync(path, 'utf8'));
  for (const y of file.years) {
    const key = `${y.area.dfeCode}|${y.area.code}|${y.year}`;
    if (seen.has(key)) throw new Error(`${y.area.name} ${y.year} is in ${seen.get(key)} and ${path}`);
    seen.set(key, path);
    years.push(y);
  }
  console.error(`${path}: ${file.layout} layout, ${file.years.length} council-years`);
}
writeFileSync(target, renderCsv(COMPACT_COLUMNS, compactRecords(years)));
console.error(`wrote ${target}: ${years.length} council-years`);
