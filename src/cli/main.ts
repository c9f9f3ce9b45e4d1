import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { onNotice } from '../io/load.js';
import { describeLimit, LIMIT_SPECS, parseSize, setLimits, type Limits } from '../io/limits.js';
import { processIo, toolVersion, type Io } from './context.js';
import { backtestCommand } from './backtest.js';
import { chartCommand } from './chart.js';
import { episodesCommand } from './episodes.js';
import { extractManifest, recordRun, rerunCommand } from './manifest.js';
import { wholeNumber } from './options.js';
import { OutputTransaction } from './outputs.js';
import { projectCommand } from './project.js';
import { scenarioCommand } from './scenario.js';
import { sufficiencyCommand } from './sufficiency.js';

export function buildProgram(io: Io): Command {
  const program = new Command('lacproj')
    .description(
      'Project how many children a local authority will look after (children looked after on 31 March) ' +
        'from DfE history and ONS/GLA 0-17 population, with intervals, for sufficiency planning.',
    )
    .version(toolVersion, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const option of limitOptions()) program.addOption(option);
  for (const command of [projectCommand(io), backtestCommand(io), scenarioCommand(io), sufficiencyCommand(io), chartCommand(io), episodesCommand(io), rerunCommand(io, main)]) {
    program.addCommand(command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  }
  program.addHelpText(
    'after',
    `
Run "lacproj project" for the default projection (bundled Tower Hamlets data),
"lacproj <command> --help" for a command's options.
Every command takes --manifest FILE: a JSON record of the command, its inputs and outputs
(SHA-256) and seed, which "lacproj rerun FILE" repeats and checks byte for byte.
The limits above (--max-...) go before or after any command.
Exit codes: 0 success, 1 a problem with the input or options, 2 a bug in lacproj.`,
  );
  return program;
}

/** The bounds on input and work (README, "Limits and safety"): options of every command. */
export function limitOptions(): Option[] {
  return LIMIT_SPECS.map((spec) => {
    const parse =
      spec.unit === 'bytes'
        ? (value: string) => {
            const size = parseSize(value);
            if (size === undefined) throw new InvalidArgumentError(`expected a size such as 512M or 2G, got "${value}"`);
            return size;
          }
        : wholeNumber(1);
    return new Option(`${spec.option} <${spec.unit === 'bytes' ? 'size' : 'n'}>`, spec.description)
      .argParser(parse)
      .default(spec.default, describeLimit(spec.name, spec.default));
  });
}

/** Nested runs (`rerun`) share the outer run's stderr notes. */
let depth = 0;

/** Run the CLI and return the exit code: the one place errors turn into messages and codes. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  // --manifest FILE works with every command: the run is recorded and the manifest written last.
  const { args, manifest } = extractManifest(argv);
  // Every output of the run is written together at the end, or none is.
  // (`--out -` goes to stdout through the recorder, so that a manifest's stdout hash has it.)
  const outputs = new OutputTransaction({ stdout: (text) => (recorder?.io ?? io).stdout(text), stderr: io.stderr });
  const runIo: Io = { ...io, outputs };
  const recorder = manifest !== undefined ? recordRun(args, runIo) : undefined;
  const program = buildProgram(recorder?.io ?? runIo);
  const stopNotices = depth === 0 ? onNotice((text) => io.stderr(`note: ${text}\n`)) : () => {};
  let restoreLimits = () => {};
  program.hook('preAction', (root, action) => {
    restoreLimits = setLimits(limitsFrom(root.opts()));
    // Before any work: outputs that would overwrite an input or each other, or cannot be written.
    outputs.checkPlanned(action.opts(), manifest !== undefined ? [{ flag: '--manifest', path: manifest }] : []);
  });
  depth++;
  try {
    await program.parseAsync(args, { from: 'user' });
    if (recorder && manifest) recorder.finish(manifest);
    outputs.commit();
    return 0;
  } catch (err) {
    outputs.abort();
    if (err instanceof CommanderError) {
      // commander has already printed its message (or the help/version text)
      return err.exitCode === 0 ? 0 : 1;
    }
    if (err instanceof InputError || err instanceof UsageError || err instanceof InsufficientDataError) {
      io.stderr(`error: ${err.message}\n`);
      return 1;
    }
    io.stderr(`error: an unexpected problem inside lacproj (a bug; please report it with this output):\n`);
    io.stderr(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  } finally {
    depth--;
    restoreLimits();
    stopNotices();
    outputs.close();
  }
}

function limitsFrom(options: Record<string, unknown>): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const spec of LIMIT_SPECS) {
    const value = options[spec.name];
    if (typeof value === 'number') limits[spec.name] = value;
  }
  return limits;
}

const invokedDirectly = process.argv[1] !== undefined && /lacproj(\.js)?$|main\.js$/.test(process.argv[1]);
if (invokedDirectly) {
  // `lacproj project | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
