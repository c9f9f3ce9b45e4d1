import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/context.js';
import { optionsMarkdown } from '../../src/cli/docs.js';
import { buildProgram } from '../../src/cli/main.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README option tables', () => {
  const program = buildProgram(processIo);
  it.each(program.commands.map((c) => [c.name(), c] as const))('lacproj %s: the README table matches the code', (_name, command) => {
    // On failure: npm run build && node scripts/options-tables.js, and paste the table.
    expect(readme).toContain(optionsMarkdown(command));
  });
});
