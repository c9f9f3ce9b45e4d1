#!/usr/bin/env node
// A council's SSDA903 returns simulated from a known process, to test flow with durations where
// the truth is known (the shared sample is a cohort running down, too odd to judge a method by).
// Run after `npm run build`:  node scripts/simulate-returns.js [folder] [seed]
//
// Process: about 150 children enter care a year in proportion to the 0-17 population (Poisson, with
// a yearly gamma shock of over-dispersion 0.02 and an entry level drifting 3% a year), at ages
// drawn from a fixed profile;
// each leaves with a hazard that falls with completed years in care (45%, 30%, 22%, 18%, 15%,
// then 12%) or at 18. Placements follow a known process too (a random stream of their own, so the
// periods are the same as before placements were modelled): a type on entry from the entry mix of
// the child's age band, then in each year in care a move with a chance by type, to a type from the
// band's mix of moves. The change to find: from the year ending March 2017, 10-15-year-olds in
// foster care move more often each year and more of their moves, and more 10-15 entrants, go to
// children's homes (a drift from fostering to residential). Returns 2013-2022 list the episodes
// open at some point in their year, those still open without an end date (FOLDER/returns). The
// script also writes the council's history (FOLDER/history.csv: stock on 31 March, starts and
// ceased, counted here from the simulated periods, 2008-2022) as Tower Hamlets (E09000030), so
// that the bundled population can be used.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, gamma, normal, poisson } from '../dist/model/stats/random.js';

const folder = process.argv[2] ?? '/tmp/lacproj-simulated-returns';
const seed = Number(process.argv[3] ?? 1);
const random = createRandom(seed);
const DAY = 86_400_000;
const day = (y, m, d) => Date.UTC(y, m - 1, d) / DAY;
const fmt = (n) => {
  const d = new Date(n * DAY);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const HAZARD = [0.45, 0.3, 0.22, 0.18, 0.15, 0.12];
// Share of entrants by age 0..17: many babies, fewer at 5-9, more teenagers.
const AGE_WEIGHTS = [14, 6, 5, 5, 4, 4, 4, 3, 3, 3, 4, 5, 6, 7, 8, 8, 6, 5];
const ageTotal = AGE_WEIGHTS.reduce((s, w) => s + w, 0);
const drawAge = () => {
  let u = random.uniform() * ageTotal;
  for (let a = 0; a < AGE_WEIGHTS.length; a++) if ((u -= AGE_WEIGHTS[a]) < 0) return a;
  return 17;
};
// Placement types and the codes written for them: [PLACE, PLACE_PROVIDER] choices.
const TYPES = ['own', 'ifa', 'kin', 'home', 'supp', 'par', 'adopt', 'other'];
const CODES = {
  own: [
    ['U4', 'PR1'],
    ['U5', 'PR1'],
    ['U6', 'PR1'],
  ],
  ifa: [
    ['U4', 'PR4'],
    ['U6', 'PR4'],
    ['U6', 'PR5'],
  ],
  kin: [
    ['U1', 'PR1'],
    ['U3', 'PR1'],
  ],
  home: [
    ['K2', 'PR1'],
    ['K2', 'PR4'],
    ['K2', 'PR4'],
  ],
  supp: [
    ['H5', 'PR4'],
    ['P2', 'PR4'],
  ],
  par: [['P1', 'PR0']],
  adopt: [
    ['A5', 'PR1'],
    ['A6', 'PR1'],
  ],
  other: [
    ['S1', 'PR4'],
    ['R5', 'PR3'],
    ['K1', 'PR4'],
  ],
};
// Weights over TYPES by age band (0-4, 5-9, 10-15, 16-17): where entrants are placed, and where moves go.
const ENTRY_MIX = [
  [40, 20, 15, 0, 0, 20, 0, 5],
  [40, 30, 15, 5, 0, 8, 0, 2],
  [35, 35, 8, 12, 0, 6, 0, 4],
  [15, 20, 5, 15, 40, 0, 0, 5],
];
const MOVE_MIX = [
  [35, 20, 15, 0, 0, 5, 25, 0],
  [40, 35, 10, 10, 0, 5, 0, 0],
  [35, 35, 5, 20, 0, 5, 0, 0],
  [10, 15, 0, 15, 60, 0, 0, 0],
];
// Yearly chance of a move, by current type.
const MOVE_CHANCE = { own: 0.2, ifa: 0.2, kin: 0.15, home: 0.3, supp: 0.2, par: 0.3, adopt: 0, other: 0.4 };
const bandOf = (age) => (age < 5 ? 0 : age < 10 ? 1 : age < 16 ? 2 : 3);
// The drift: years since the year ending March 2016, for 10-15-year-olds.
const drift = (returnYear) => Math.max(0, returnYear - 2016);
const placementRandom = createRandom(seed + 7919);
const pick = (weights) => {
  let u = placementRandom.uniform() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i;
  return weights.length - 1;
};
const yearOf = (dayNumber) => {
  const d = new Date(dayNumber * DAY);
  return d.getUTCMonth() >= 3 ? d.getUTCFullYear() + 1 : d.getUTCFullYear();
};
const ageAt = (dob, dayNumber) => Math.floor((dayNumber - dob) / 365.25);
/** Where a child is placed on entry, or moves to, in a year: more children's homes for 10-15s as the drift grows. */
function placeType(mix, band, returnYear, from) {
  const weights = [...mix[band]];
  if (band === 2) weights[3] += (mix === ENTRY_MIX ? 3 : 8) * drift(returnYear);
  if (from !== undefined) weights[TYPES.indexOf(from)] = 0;
  return TYPES[pick(weights)];
}

// Entries follow the bundled Tower Hamlets population (mid-year Y-1 for the year ending March Y),
// as the rate-based methods assume; before mid-2011 the population is held at its 2011 value.
const populationFile = fileURLToPath(new URL('../data/tower-hamlets-population-0-17-estimates.csv', import.meta.url));
const population = new Map(
  readFileSync(populationFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map((r) => [Number(r[3]), Number(r[4])]),
);
const populationOf = (midYear) => population.get(Math.max(2011, Math.min(2024, midYear)));

const periods = [];
let level = 0;
for (let year = 1995; year <= 2022; year++) {
  level += 0.03 * normal(random);
  const entries = poisson(random, 150 * (populationOf(year - 1) / populationOf(2016)) * gamma(random, 50, 1 / 50) * Math.exp(level));
  for (let k = 0; k < entries; k++) {
    const start = day(year - 1, 4, 1) + Math.floor(random.uniform() * 365);
    const age = drawAge();
    const dob = start - Math.round((age + random.uniform()) * 365.25);
    const eighteen = day(
      new Date(dob * DAY).getUTCFullYear() + 18,
      new Date(dob * DAY).getUTCMonth() + 1,
      new Date(dob * DAY).getUTCDate(),
    );
    let end = null;
    for (let d = 0; end === null; d++) {
      const from = start + Math.round(d * 365.25);
      if (from >= eighteen) end = eighteen;
      else if (random.uniform() < HAZARD[Math.min(d, HAZARD.length - 1)])
        end = Math.min(eighteen, from + 1 + Math.floor(random.uniform() * 364));
    }
    if (end > day(2022, 3, 31)) end = null;
    periods.push({ child: `C${periods.length + 1}`, dob, start, end });
  }
}

const returnsFolder = join(folder, 'returns');
rmSync(returnsFolder, { recursive: true, force: true });
mkdirSync(returnsFolder, { recursive: true });
const returns = new Map();
for (let year = 2013; year <= 2022; year++) returns.set(year, ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC']);
const header = ['CHILD,SEX,DOB'];
for (const p of periods) {
  header.push(`${p.child},${1 + Math.floor(random.uniform() * 2)},${fmt(p.dob)}`);
  // placements: a type on entry, then each year in care a chance to move (at a random day of that year)
  const last = p.end ?? day(2022, 3, 31);
  const places = [{ from: p.start, type: placeType(ENTRY_MIX, bandOf(ageAt(p.dob, p.start)), yearOf(p.start)) }];
  for (let d = 0; p.start + d * 365 < last; d++) {
    const at = p.start + d * 365 + 1 + Math.floor(placementRandom.uniform() * 364);
    if (at >= last) break;
    const current = places.at(-1).type;
    const band = bandOf(ageAt(p.dob, at));
    const fostered = current === 'own' || current === 'ifa';
    const chance = MOVE_CHANCE[current] + (band === 2 && fostered ? 0.03 * drift(yearOf(at)) : 0);
    if (placementRandom.uniform() < chance) places.push({ from: at, type: placeType(MOVE_MIX, band, yearOf(at), current) });
  }
  const bounds = [...places.map((x) => x.from), p.end];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const choices = CODES[places[i].type];
    const [place, provider] = choices[Math.floor(placementRandom.uniform() * choices.length)];
    for (const [year, rows] of returns) {
      const yearStart = day(year - 1, 4, 1);
      const yearEnd = day(year, 3, 31);
      if (from > yearEnd || (to !== null && to < yearStart)) continue;
      const ended = to !== null && to <= yearEnd;
      rows.push(
        `${p.child},${fmt(from)},${i === 0 ? 'S' : 'P'},C2,N1,${place},${provider},${ended ? fmt(to) : ''},${ended ? (i + 2 === bounds.length ? 'E13' : 'X1') : ''}`,
      );
    }
  }
}
for (const [year, rows] of returns) writeFileSync(join(returnsFolder, `${year - 1}-episodes.csv`), rows.join('\n') + '\n');
writeFileSync(join(returnsFolder, `2021-header.csv`), header.join('\n') + '\n');

// The council's history, counted from the periods (not by lacproj): a second route to the counts.
const history = ['area_code,dfe_code,area_name,year,cla,starts,ceased,uasc'];
for (let year = 2008; year <= 2022; year++) {
  const march = day(year, 3, 31);
  const april = day(year - 1, 4, 1);
  const stock = periods.filter((p) => p.start <= march && (p.end === null || p.end > march)).length;
  const starts = periods.filter((p) => p.start >= april && p.start <= march).length;
  const ceased = periods.filter((p) => p.end !== null && p.end >= april && p.end <= march).length;
  history.push(`E09000030,211,Tower Hamlets,${year},${stock},${starts},${ceased},0`);
}
writeFileSync(join(folder, 'history.csv'), history.join('\n') + '\n');
console.log(`${periods.length} periods; returns 2013-2022 in ${returnsFolder}; history 2008-2022 in ${join(folder, 'history.csv')}`);
