#!/usr/bin/env node
// Generate a large synthetic SSDA903 return (seeded) and time `lacproj episodes summarise` on it.
// Run after `npm run build`:  node bench/episodes.js [episodes] [folder] [--returns]
// Each child has a period of 1-6 episodes (placement changes) starting between 2010 and 2021.
// With --returns the rows are spread over yearly returns 2013-2022 as councils hold them: each
// return lists the episodes open at some point in its year, those still open shown without an end,
// so most episodes appear in several returns and the reader must merge them.
import { mkdirSync, createWriteStream, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRandom } from '../dist/model/stats/random.js';

const args = process.argv.slice(2).filter((a) => a !== '--returns');
const byReturn = process.argv.includes('--returns');
const target = Number(args[0] ?? 1_000_000);
const folder = args[1] ?? (byReturn ? '/tmp/lacproj-ssda903-bench-returns' : '/tmp/lacproj-ssda903-bench');
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
const random = createRandom(2024);
const day = 86_400_000;
const fmt = (ms) => {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const places = ['U1', 'U3', 'U4', 'U5', 'K2', 'R1', 'H5', 'P2', 'P1', 'A5'];
const RETURN_YEARS = byReturn ? [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022] : [2021];
const episodeFiles = new Map(RETURN_YEARS.map((y) => [y, createWriteStream(`${folder}/${y}-episodes.csv`)]));
for (const file of episodeFiles.values()) file.write('CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n');
const header = createWriteStream(`${folder}/${RETURN_YEARS.at(-1)}-header.csv`);
header.write('CHILD,SEX,DOB\n');
const end = Date.UTC(2022, 2, 31);
let written = 0;
let child = 0;
const started = Date.now();
while (written < target) {
  child++;
  let at = Date.UTC(2010, 0, 1) + Math.floor(random.uniform() * 12 * 365) * day;
  header.write(`${child},${1 + Math.floor(random.uniform() * 2)},${fmt(at - Math.floor(random.uniform() * 17 * 365) * day)}\n`);
  const count = 1 + Math.floor(random.uniform() * 6);
  for (let i = 0; i < count && written < target; i++) {
    const length = Math.floor(30 + random.uniform() * 500) * day;
    const stop = at + length;
    const open = stop > end; // still in care at the end of the data: no end date
    const place = places[Math.floor(random.uniform() * places.length)];
    const closed = open ? null : Math.min(stop, end);
    const reason = i === count - 1 ? 'E13' : 'X1';
    for (const year of RETURN_YEARS) {
      const yearEnd = Date.UTC(year, 2, 31);
      const inYear = at <= yearEnd && (closed === null || closed >= Date.UTC(year - 1, 3, 1) || !byReturn);
      if (!inYear || written >= target) continue;
      const ended = closed !== null && closed <= yearEnd;
      episodeFiles
        .get(year)
        .write(`${child},${fmt(at)},${i === 0 ? 'S' : 'P'},C2,N1,${place},PR1,${ended ? fmt(closed) : ''},${ended ? reason : ''}\n`);
      written++;
    }
    at = stop;
    if (at >= end) break;
  }
}
await Promise.all([...episodeFiles.values(), header].map((file) => new Promise((r) => file.end(r))));
console.log(
  `generated ${written.toLocaleString('en-GB')} episode rows of ${child.toLocaleString('en-GB')} children in ${RETURN_YEARS.length} returns in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const t0 = Date.now();
const run = spawnSync(
  '/usr/bin/env',
  [
    'node',
    '-e',
    `
  const { main } = await import(${JSON.stringify(new URL('../dist/cli/main.js', import.meta.url).href)});
  const started = Date.now();
  const code = await main(['episodes', 'summarise', '--episodes', ${JSON.stringify(folder)}, '--format', 'csv'], { stdout: () => {}, stderr: (t) => process.stderr.write(t), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  console.log(JSON.stringify({ code, ms: Date.now() - started, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
`,
    '--input-type=module',
  ],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const result = JSON.parse(run.stdout.trim().split('\n').at(-1));
console.log(
  `episodes summarise: ${result.ms} ms in the command (${Date.now() - t0} ms with Node start-up), peak RSS ${result.maxRssMiB} MiB, exit code ${result.code}`,
);
