#!/usr/bin/env node
// Generate a large synthetic SSDA903 return (seeded) and time `lacproj episodes summarise` on it.
// Run after `npm run build`:  node bench/episodes.js [episodes] [folder]
// Each child has a period of 1-6 episodes (placement changes) starting between 2010 and 2021.
import { mkdirSync, createWriteStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRandom } from '../dist/model/random.js';

const target = Number(process.argv[2] ?? 1_000_000);
const folder = process.argv[3] ?? '/tmp/lacproj-ssda903-bench';
mkdirSync(folder, { recursive: true });
const random = createRandom(2024);
const day = 86_400_000;
const fmt = (ms) => {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const places = ['U1', 'U3', 'U4', 'U5', 'K2', 'R1', 'H5', 'P2', 'P1', 'A5'];
const episodes = createWriteStream(`${folder}/2021-episodes.csv`);
const header = createWriteStream(`${folder}/2021-header.csv`);
episodes.write('CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n');
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
    const open = i === count - 1 && stop > end;
    episodes.write(`${child},${fmt(at)},${i === 0 ? 'S' : 'P'},C2,N1,${places[Math.floor(random.uniform() * places.length)]},PR1,${open ? '' : fmt(Math.min(stop, end))},${open ? '' : i === count - 1 ? 'E13' : 'X1'}\n`);
    written++;
    at = stop;
    if (at >= end) break;
  }
}
await Promise.all([new Promise((r) => episodes.end(r)), new Promise((r) => header.end(r))]);
console.log(`generated ${written.toLocaleString('en-GB')} episodes of ${child.toLocaleString('en-GB')} children in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const t0 = Date.now();
const run = spawnSync('/usr/bin/env', ['node', '-e', `
  const { main } = await import(${JSON.stringify(new URL('../dist/cli/main.js', import.meta.url).href)});
  const started = Date.now();
  const code = await main(['episodes', 'summarise', '--episodes', ${JSON.stringify(folder)}, '--format', 'csv'], { stdout: () => {}, stderr: (t) => process.stderr.write(t), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  console.log(JSON.stringify({ code, ms: Date.now() - started, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
`, '--input-type=module'], { encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const result = JSON.parse(run.stdout.trim().split('\n').at(-1));
console.log(`episodes summarise: ${result.ms} ms in the command (${Date.now() - t0} ms with Node start-up), peak RSS ${result.maxRssMiB} MiB, exit code ${result.code}`);
