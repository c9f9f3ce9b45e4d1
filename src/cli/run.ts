import type { Command } from 'commander';
import type { RunContext } from '../app/context.js';
import { UsageError } from '../errors.js';
import { bundledDataLine } from '../report/bundledNote.js';
import { extensionFormats, formatsOf, renderOutput, type OutputName, type Outputs, type RenderSettings } from '../report/outputs.js';
import { chartFonts, terminalWidth, toolVersion, wantsColor, type Io } from './context.js';

/**
 * What a command's action gets: where it prints (`io`) and, once commander has parsed the global
 * options (the limits), the run's context (`context()`), made once per run by main.ts.
 */
export interface CommandEnv {
  io: Io;
  context: () => RunContext;
}

/** How the renderers draw for this terminal: its width, colour unless piped, the chart fonts. */
export function renderSettings(io: Io, options: { color?: boolean; out?: string }): RenderSettings {
  return {
    width: terminalWidth(io),
    color: options.out === undefined && wantsColor(io, options.color),
    toolVersion,
    fonts: chartFonts,
  };
}

/**
 * Render a command's result in the format asked for and write it: to `--out` (with the run's other
 * outputs, all or none) or to stdout.
 */
export async function emit<K extends OutputName>(
  env: CommandEnv,
  name: K,
  format: string,
  data: Outputs[K],
  options: { out?: string; color?: boolean },
): Promise<void> {
  const output = await renderOutput(name, format, data, renderSettings(env.io, options));
  // Tables, JSON, the report and the workbook say which bundled data they rest on; beside the rest, stderr does.
  const bundled = ['table', 'json', 'html', 'xlsx'].includes(format) ? undefined : bundledDataLine(env.context().inputs);
  if (bundled !== undefined) env.io.stderr(`note: ${bundled}\n`);
  write(env, options.out, output);
}

/** An output to `path` through the run's transaction, or to stdout when no path is given. */
export function write(env: CommandEnv, path: string | undefined, content: string | Uint8Array): void {
  if (path !== undefined) env.context().outputs.write(path, content);
  else env.io.stdout(String(content));
}

/**
 * The format to write: `--format` when given, else the one `--out`'s extension names (x.csv: csv).
 * A format the file's name contradicts (`--format png --out x.svg`) is refused.
 * @throws UsageError
 */
export function formatFor(command: Command, name: OutputName, options: { format: string; out?: string }): string {
  const named = options.out === undefined ? undefined : extensionFormats(name, options.out);
  if (named === undefined) return options.format;
  const given = command.getOptionValueSource('format') !== 'default';
  if (given ? named.formats.includes(options.format) : named.default !== undefined) return given ? options.format : named.default!;
  throw new UsageError(
    `--out ${options.out} names a .${named.extension} file, but ${command.name()} ${given ? `--format ${options.format} writes ${options.format}` : `writes ${formatsOf(name).join(', ')}`}: name the file for its format${named.default ? `, or give --format ${named.default}` : ''}`,
  );
}
