#!/usr/bin/env node
// Time a backtest of every English area (bundled data/england files): all origins 2014-2021,
// horizons 1-3, every method including auto. Prints wall time per run and peak memory.
// Run after `npm run build`:  node bench/backtest.js [repeats]
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

const repeats = Number(process.argv[2] ?? 3);
const data = (name) => fileURLToPath(new URL(`../data/england/${name}`, import.meta.url));
const args = [
  'backtest',
  '--history',
  data('cla-history-2010-2022.csv'),
  '--population',
  data('population-0-17-mid-2011-2024.csv'),
  '--area',
  'all',
  '--origins',
  '2014-2021',
  '--horizon',
  '3',
  '--format',
  'csv',
];
let bytes = 0;
const io = { stdout: (t) => (bytes += t.length), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const times = [];
for (let i = 0; i < repeats; i++) {
  const started = process.hrtime.bigint();
  const code = await main(args, io);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (code !== 0) throw new Error(`exit code ${code}`);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `backtest --area all, origins 2014-2021, horizons 1-3, methods avg3,trend,naive,flow,auto (flow with 250 paths): ${repeats} runs in one process, ` +
    `median ${sorted[Math.floor(repeats / 2)].toFixed(0)} ms, first ${times[0].toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
