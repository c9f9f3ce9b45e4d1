import type { Command, Option } from 'commander';

export interface OptionGroup {
  /** The README marker and the words a command's table uses for it. */
  key: string;
  title: string;
  options: Option[];
}

/**
 * The README's option tables, from the same Option objects commander parses with, so the README
 * cannot drift from `--help` (test/cli/docs.test.ts holds the README to it). Options that several
 * commands share are tabled once, in a group; each command's table has only its own.
 */

/** A table of options as Markdown. */
function optionsTable(options: readonly Option[]): string {
  const rows = options
    .filter((option) => !option.hidden)
    .map((option) => {
      const flags = option.flags.replace(/\|/g, '\\|');
      const choices = option.argChoices ? ` (${option.argChoices.join(', ')})` : '';
      // A literal default is code (`3`); a described one ("base year + 10") is prose.
      const literal = option.defaultValue !== undefined && !option.negate;
      const text = (option.defaultValueDescription ?? (literal ? String(option.defaultValue) : '')).replace(/^"|"$/g, '');
      const fallback = text === '' ? '' : literal ? `\`${text}\`` : text;
      return `| \`${flags}\` | ${fallback} | ${option.description.replace(/\|/g, '\\|')}${choices} |`;
    });
  return ['| option | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

const sameOption = (a: Option, b: Option) =>
  a.flags === b.flags &&
  a.description === b.description &&
  a.defaultValueDescription === b.defaultValueDescription &&
  String(a.defaultValue) === String(b.defaultValue);

/** A command's table of the options no group holds as it declares them, and the groups it takes. */
function commandOptionsMarkdown(command: Command, groups: readonly OptionGroup[]): string {
  const visible = command.options.filter((o) => !o.hidden);
  const taken = groups.filter((g) => g.options.some((go) => visible.some((o) => sameOption(o, go))));
  const own = visible.filter((o) => !groups.some((g) => g.options.some((go) => sameOption(o, go))));
  const also =
    taken.length > 0
      ? `\nAnd the shared options (tabled once, under "Options several commands share"): ${taken.map((g) => g.title).join('; ')}.\n`
      : '';
  return (own.length > 0 ? optionsTable(own) : 'No options of its own.\n') + also;
}

/**
 * Every option table the README holds, each between `<!-- options:KEY -->` and
 * `<!-- /options:KEY -->`: the limits, the shared groups, then each command's own options.
 */
export function readmeOptionBlocks(program: Command, groups: readonly OptionGroup[]): { key: string; content: string }[] {
  const commands = program.commands.flatMap((c) => [
    ...(c.options.length > 0 ? [{ key: c.name(), command: c }] : []),
    ...c.commands.map((sub) => ({ key: `${c.name()} ${sub.name()}`, command: sub })),
  ]);
  return [
    { key: 'limits', content: optionsTable(program.options) },
    ...groups.map((g) => ({ key: `group ${g.key}`, content: optionsTable(g.options) })),
    ...commands.map(({ key, command }) => ({ key, content: commandOptionsMarkdown(command, groups) })),
  ];
}

/** The README with each option block replaced by the code's (markers must already be there). */
export function withOptionBlocks(
  readme: string,
  blocks: readonly { key: string; content: string }[],
): { readme: string; missing: string[] } {
  const missing: string[] = [];
  let text = readme;
  for (const { key, content } of blocks) {
    const open = `<!-- options:${key} -->\n`;
    const close = `<!-- /options:${key} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close, start);
    if (start < 0 || end < 0) {
      missing.push(key);
      continue;
    }
    text = text.slice(0, start + open.length) + content + text.slice(end);
  }
  return { readme: text, missing };
}
