import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/context.js';
import { optionsMarkdown } from '../../src/cli/docs.js';
import { buildProgram } from '../../src/cli/main.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// every command (commands load lazily when main runs one)
const program = await buildProgram(processIo);

describe('README option tables', () => {
  const commands = program.commands.flatMap((c) => [
    ...(c.options.length > 0 ? [[c.name(), c] as const] : []),
    ...c.commands.map((sub) => [`${c.name()} ${sub.name()}`, sub] as const),
  ]);
  it.each(commands)('lacproj %s: the README table matches the code', (_name, command) => {
    // On failure: npm run build && node scripts/options-tables.js, and paste the table.
    expect(readme).toContain(optionsMarkdown(command));
  });

  it('the limits (options of the program, for every command): the README table matches the code', () => {
    expect(readme).toContain(optionsMarkdown(program));
  });
});
