import type { Command } from 'commander';

/**
 * The option table of a command as Markdown, from the same Option objects commander parses with,
 * so the README cannot drift from `--help` (test/cli/docs.test.ts holds the README to it).
 */
export function optionsMarkdown(command: Command): string {
  const rows = command.options
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
