#!/usr/bin/env node
// Redraw docs/tower-hamlets-projection.svg, the chart the README shows, with today's lacproj chart
// (test/docs.test.ts fails when the file and the command disagree). Run `npm run build` first.
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
process.exitCode = await main(['chart', '--to', '2035', '--out', 'docs/tower-hamlets-projection.svg']);
