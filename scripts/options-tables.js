#!/usr/bin/env node
// Print each command's option table as Markdown, for pasting into README.md
// (test/cli/docs.test.ts fails when the README's tables differ from these).
import { buildProgram } from '../dist/cli/main.js';
import { processIo } from '../dist/cli/context.js';
import { optionsMarkdown } from '../dist/cli/docs.js';

const program = await buildProgram(processIo);
for (const command of program.commands) {
  if (command.options.length > 0) process.stdout.write(`### lacproj ${command.name()}\n\n${optionsMarkdown(command)}\n`);
  for (const sub of command.commands) {
    process.stdout.write(`### lacproj ${command.name()} ${sub.name()}\n\n${optionsMarkdown(sub)}\n`);
  }
}
