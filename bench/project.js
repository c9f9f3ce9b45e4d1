#!/usr/bin/env node
// Time `lacproj project --area all` over every English LA and report wall time and peak memory.
// Run after `npm run build`:
//   node bench/project.js HISTORY.csv POPULATION.csv [repeats]
// The national files are bundled in data/england/.
import { main } from '../dist/cli/main.js';

const [history, population, repeatsText = '5'] = process.argv.slice(2);
if (!history || !population) {
  console.error('usage: node bench/project.js HISTORY.csv POPULATION.csv [repeats]');
  process.exit(1);
}
const args = ['project', '--history', history, '--population', population, '--area', 'all', '--format', 'csv', '--to', '2025'];
let bytes = 0;
const io = { stdout: (t) => (bytes += t.length), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const times = [];
for (let i = 0; i < Number(repeatsText); i++) {
  const started = process.hrtime.bigint();
  const code = await main(args, io);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (code !== 0) throw new Error(`exit code ${code}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `project --area all (${(bytes / times.length / 1024).toFixed(0)} KiB of CSV per run): ${times.length} runs in one process, ` +
    `median ${median.toFixed(0)} ms, slowest ${times.at(-1).toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
