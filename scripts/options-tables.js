#!/usr/bin/env node
// The README's option tables from the code (test/cli/docs.test.ts fails when they differ). Each sits
// between <!-- options:KEY --> and <!-- /options:KEY --> markers. Run after `npm run build`:
//   node scripts/options-tables.js           print every block
//   node scripts/options-tables.js --write   replace the blocks in README.md
import { readFileSync, writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/main.js';
import { processIo } from '../dist/cli/context.js';
import { optionGroups } from '../dist/cli/options.js';
import { readmeOptionBlocks, withOptionBlocks } from '../dist/report/optionTables.js';

const blocks = readmeOptionBlocks(await buildProgram(processIo), optionGroups());
if (!process.argv.includes('--write')) {
  for (const { key, content } of blocks) process.stdout.write(`<!-- options:${key} -->\n${content}<!-- /options:${key} -->\n\n`);
} else {
  const path = new URL('../README.md', import.meta.url);
  const { readme, missing } = withOptionBlocks(readFileSync(path, 'utf8'), blocks);
  writeFileSync(path, readme);
  for (const key of missing) console.error(`README.md has no <!-- options:${key} --> block`);
  if (missing.length > 0) process.exitCode = 1;
}
