#!/usr/bin/env node
// Start-up time of the CLI against a bare Node start, each run as a fresh process, one at a time:
//   node bench/startup.js [runs]       (npm run build first)
// Prints the median and fastest wall time of each command and its ratio to `node -e 0`.
// Issue #15 asks for `lacproj --version` and the default `lacproj project` within 3x of it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 15);
const commands = [
  ['node -e 0', ['-e', '0']],
  ['lacproj --version', ['bin/lacproj.js', '--version']],
  ['lacproj --help', ['bin/lacproj.js', '--help']],
  ['lacproj project', ['bin/lacproj.js', 'project']],
  ['lacproj project --format csv', ['bin/lacproj.js', 'project', '--format', 'csv']],
  // the same without flow's 2,000 simulated paths: start-up, reading and three methods
  ['lacproj project --methods avg3,trend,naive', ['bin/lacproj.js', 'project', '--methods', 'avg3,trend,naive']],
];

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Interleaved, so a change in the machine's load touches every command alike.
const times = new Map(commands.map(([name]) => [name, []]));
for (const [, args] of commands) time(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of commands) times.get(name).push(time(args));
const base = median(times.get('node -e 0'));
console.log(`${runs} runs each, Node ${process.version}`);
for (const [name] of commands) {
  const t = times.get(name);
  console.log(
    `${name.padEnd(42)} median ${median(t).toFixed(0).padStart(5)} ms   fastest ${Math.min(...t)
      .toFixed(0)
      .padStart(5)} ms   ${(median(t) / base).toFixed(2)}x node -e 0`,
  );
}
