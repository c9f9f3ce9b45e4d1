#!/usr/bin/env node
// Time loading many areas: a history of AREAS areas x 11 years (2012-2022) and their 0-17
// population, written (seeded) to a temporary folder, then read, combined, matched and checked
// as `lacproj project --area all` does, and the whole command with avg3. Run after `npm run build`:
//   node bench/loading.js [areas] [repeats] [dist folder]
// The dist folder defaults to ./dist (another build, e.g. an older commit's, can be timed the same way).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [areasText = '3000', repeatsText = '3', dist = 'dist'] = process.argv.slice(2);
const areas = Number(areasText);
const distUrl = pathToFileURL(resolve(dist) + '/').href;
const { main } = await import(new URL('cli/main.js', distUrl).href);

// A small seeded generator (mulberry32), so the files are the same on every run.
let state = 12345;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const folder = mkdtempSync(join(tmpdir(), 'lacproj-loading-bench-'));
const history = ['area_code,dfe_code,area_name,year,cla,starts,ceased,uasc'];
const population = ['area_code,dfe_code,area_name,mid_year,population_0_17'];
for (let a = 0; a < areas; a++) {
  const code = `E0${String(6000000 + a).padStart(7, '0')}`;
  const name = `Synthetic Council ${a + 1}`;
  const children = 20_000 + Math.floor(random() * 80_000);
  const rate = 40 + random() * 60;
  for (let mid = 2011; mid <= 2024; mid++)
    population.push(`${code},${1000 + a},${name},${mid},${Math.round(children * (1 + (mid - 2011) * 0.004))}`);
  for (let year = 2012; year <= 2022; year++) {
    const cla = Math.round(((children * rate) / 10_000) * (0.9 + random() * 0.2));
    history.push(
      `${code},${1000 + a},${name},${year},${cla},${Math.round(cla * 0.45)},${Math.round(cla * 0.44)},${Math.round(cla * 0.05)}`,
    );
  }
}
const historyFile = join(folder, 'history.csv');
const populationFile = join(folder, 'population.csv');
writeFileSync(historyFile, history.join('\n') + '\n');
writeFileSync(populationFile, population.join('\n') + '\n');

const io = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const limits = dist === 'dist' ? ['--max-areas', String(areas + 100)] : [];
const args = [
  'project',
  ...limits,
  '--history',
  historyFile,
  '--population',
  populationFile,
  '--area',
  'all',
  '--methods',
  'avg3',
  '--format',
  'csv',
  '--to',
  '2024',
];

const median = (times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
const time = async (what, fn) => {
  const times = [];
  for (let i = 0; i < Number(repeatsText); i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`${what}: median ${median(times).toFixed(0)} ms of ${times.length} runs (slowest ${times.at(-1).toFixed(0)} ms)`);
};

try {
  let inputs;
  try {
    inputs = await import(new URL('cli/inputs.js', distUrl).href);
  } catch {
    inputs = undefined;
  }
  if (inputs) {
    const limitsModule = await import(new URL('io/limits.js', distUrl).href).catch(() => undefined);
    limitsModule?.setLimits({ maxAreas: areas + 100 });
    await time(`load ${areas} areas x 11 years (read, combine, match population, checks)`, () => {
      const loaded = inputs.loadInputs({ history: [historyFile], population: [populationFile], area: 'all' }, io);
      for (const area of loaded.selected) inputs.populationOf(loaded, area, 'ratio');
    });
  }
  await time(`project --area all --methods avg3 over ${areas} areas`, async () => {
    const code = await main(args, io);
    if (code !== 0) throw new Error(`exit code ${code}`);
  });
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
