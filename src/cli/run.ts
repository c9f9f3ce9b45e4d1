import type { Command } from 'commander';
import type { RunContext } from '../app/context.js';
import { bundledDataLine } from '../report/bundledNote.js';
import { formatForFile, renderOutput, type OutputName, type Outputs, type RenderSettings } from '../report/outputs.js';
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

/** The format to write: `--format` when given, else `--out`'s extension's (`formatForFile`). @throws UsageError */
export const formatFor = (command: Command, name: OutputName, options: { format: string; out?: string }): string =>
  formatForFile(name, command.name(), options, command.getOptionValueSource('format') !== 'default');
