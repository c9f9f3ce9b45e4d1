#!/usr/bin/env node
// Time the flow model's simulation: one area, 10 years, 5 age bands, 10,000 paths (the issue's
// budget is "well under a second"). Run after `npm run build`:  node bench/flow.js [paths]
import { AGE_BANDS } from '../dist/model/ageBands.js';
import { projectFlow } from '../dist/model/methods/flowSimulation.js';

const paths = Number(process.argv[2] ?? 10_000);
// Tower Hamlets-like rates (see the default run's Assumptions).
const parameters = {
  mode: 'bands',
  bands: AGE_BANDS,
  entryRatePer10k: [40.3, 12.0, 9.3, 18.2, 73.5],
  exitShare: [0.21, 0.42, 0.21, 0.16, 0.16],
  residual: [12.0, -9.8, -3.5, -8.0, -0.6],
  residualByYear: [],
  years: [2023, 2024, 2025],
  opening: [14, 39, 40, 92, 62],
  uasc: { opening: 37, held: 34.7, exitShare: 0.5, separated: true },
  dispersion: 0.0355,
  exitDispersion: 0.02,
  entryDrift: 0.05,
  exitDrift: 0.05,
  baseYear: 2025,
};
const population = () => [4300, 17300, 20300, 21300, 6700];
const runs = [];
for (let i = 0; i < 5; i++) {
  const started = process.hrtime.bigint();
  projectFlow(parameters, 2035, population, 1, { simulations: paths, seed: i + 1 });
  runs.push(Number(process.hrtime.bigint() - started) / 1e6);
}
const sorted = [...runs].sort((a, b) => a - b);
console.log(
  `flow: 1 area, 10 years, 5 bands, ${paths.toLocaleString('en-GB')} paths: median ${sorted[2].toFixed(0)} ms ` +
    `(first ${runs[0].toFixed(0)} ms), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
