#!/usr/bin/env node
// Print each command's option table as Markdown (test/cli/docs.test.ts fails when the README's
// tables differ from these). With --write, replace the tables in README.md in place: the first
// table after each command's heading (or the anchor below).
import { readFileSync, writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/main.js';
import { processIo } from '../dist/cli/context.js';
import { optionsMarkdown } from '../dist/cli/docs.js';

const program = await buildProgram(processIo);
// [name, table, where the table sits in README.md]
const tables = [['(limits, before or after any command)', optionsMarkdown(program), '**Bounds.**']];
for (const command of program.commands) {
  const anchor = command.name() === 'rerun' ? '### Reproducibility' : `### \`lacproj ${command.name()}\``;
  if (command.options.length > 0) tables.push([command.name(), optionsMarkdown(command), anchor]);
  for (const sub of command.commands) {
    tables.push([`${command.name()} ${sub.name()}`, optionsMarkdown(sub), `### \`lacproj ${command.name()} ${sub.name()}\``]);
  }
}
if (!process.argv.includes('--write')) {
  for (const [name, table] of tables) process.stdout.write(`### lacproj ${name}\n\n${table}\n`);
} else {
  const path = new URL('../README.md', import.meta.url);
  let readme = readFileSync(path, 'utf8');
  for (const [name, table, anchor] of tables) {
    const at = readme.indexOf(anchor);
    if (at < 0) {
      console.error(`README.md has no "${anchor}" for lacproj ${name}`);
      continue;
    }
    const start = readme.indexOf('| option | default | meaning |', at);
    const end = readme.indexOf('\n\n', start);
    readme = readme.slice(0, start) + table.trimEnd() + readme.slice(end);
  }
  writeFileSync(path, readme);
}
