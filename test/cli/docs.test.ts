import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/context.js';
import { optionGroups } from '../../src/cli/options.js';
import { readmeOptionBlocks } from '../../src/report/optionTables.js';
import { buildProgram } from '../../src/cli/main.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// every command (commands load lazily when main runs one)
const program = await buildProgram(processIo);

describe('README option tables', () => {
  const blocks = readmeOptionBlocks(program, optionGroups());
  it.each(blocks.map((b) => [b.key, b.content] as const))('%s: the README block matches the code', (key, content) => {
    // On failure: npm run build && node scripts/options-tables.js --write (and read the diff).
    expect(readme).toContain(`<!-- options:${key} -->\n${content}<!-- /options:${key} -->`);
  });

  it('tables a shared option once: no command table repeats a group option as its group declares it', () => {
    const shared = optionGroups().flatMap((g) => g.options.map((o) => `| \`${o.flags}\` |`));
    const commandBlocks = blocks.filter((b) => !b.key.startsWith('group ') && b.key !== 'limits');
    expect(commandBlocks.length).toBeGreaterThan(6);
    for (const block of commandBlocks) {
      for (const row of block.content.split('\n').filter((l) => l.startsWith('| `'))) {
        const flags = row.slice(0, row.indexOf('` |') + 3);
        // a command may declare a group's flag differently (backtest's --simulations default): then it is its own
        if (shared.includes(flags))
          expect(optionGroups().some((g) => g.options.some((o) => row.startsWith(`| \`${o.flags}\` | `) && row === rowOf(o)))).toBe(false);
      }
    }
  });
});

function rowOf(option: { flags: string }): string {
  return (
    readmeOptionBlocks(program, optionGroups())
      .filter((b) => b.key.startsWith('group '))
      .flatMap((b) => b.content.split('\n'))
      .find((l) => l.startsWith(`| \`${option.flags}\` |`)) ?? ''
  );
}
