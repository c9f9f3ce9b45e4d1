import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { RunContext } from '../app/context.js';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { describeLimit, LIMIT_SPECS, parseSize, type Limits } from '../io/limits.js';
import { escapeControls } from '../report/printable.js';
import { processIo, todayOf, toolVersion, type Io } from './context.js';
import { plannedFiles, wholeNumber } from './options.js';
import type { CommandEnv } from './run.js';

/**
 * Each command's module, imported only when that command runs (or for the full help): start-up
 * then loads only what the command uses, and `--version` loads no command at all
 * (bench/README.md, "start-up").
 */
const COMMANDS: Record<string, () => Promise<(env: CommandEnv) => Command>> = {
  project: async () => (await import('./project.js')).projectCommand,
  backtest: async () => (await import('./backtest.js')).backtestCommand,
  scenario: async () => (await import('./scenario.js')).scenarioCommand,
  sufficiency: async () => (await import('./sufficiency.js')).sufficiencyCommand,
  report: async () => (await import('./report.js')).reportCommand,
  chart: async () => (await import('./chart.js')).chartCommand,
  episodes: async () => (await import('./episodes.js')).episodesCommand,
  rerun: async () => {
    const { rerunCommand } = await import('./manifest.js');
    return (env) => rerunCommand(env, main);
  },
};

/** A bare `lacproj --version` (or -V): nothing to load but the version. */
const versionOnly = (args: readonly string[]) => args.length === 1 && (args[0] === '--version' || args[0] === '-V');

const noContext = () => {
  throw new Error('the run context is made when a command runs');
};

/**
 * The program with the commands `args` need: the first command named in them (limits may come
 * before it), none for a bare --version, every command otherwise (help, a mistyped command, no
 * arguments). Without `args`, every command.
 */
export async function buildProgram(io: Io, args?: readonly string[], context: () => RunContext = noContext): Promise<Command> {
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
  const named = args?.find((a) => a in COMMANDS);
  // (rerun checks a recorded command against every command's options: it needs them all.)
  const names = args !== undefined && versionOnly(args) ? [] : named !== undefined && named !== 'rerun' ? [named] : Object.keys(COMMANDS);
  for (const name of names) {
    const command = (await COMMANDS[name]!())({ io, context });
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
function limitOptions(): Option[] {
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

/**
 * Run the CLI and return the exit code: the one place errors turn into messages and codes. Each
 * call is one run with a context of its own (limits, clock, the files read, the outputs), so runs
 * in one process are as independent as runs in separate processes.
 */
export async function main(argv: string[], rawIo: Io = processIo): Promise<number> {
  // Nothing from a file name, an option's value or a cell reaches the terminal raw on stderr:
  // ESC sequences and bidirectional controls are shown escaped (report/printable.ts).
  const io: Io = { ...rawIo, stderr: (text) => rawIo.stderr(escapeControls(text)) };
  // --manifest FILE works with every command: the run is recorded and the manifest written last.
  // A bare --version loads none of the machinery below (start-up, bench/README.md): the run's
  // context is made only when a command's action is about to run.
  const manifests = argv.some((a) => a === '--manifest' || a.startsWith('--manifest=')) ? await import('./manifest.js') : undefined;
  const { args, manifest } = manifests ? manifests.extractManifest(argv) : { args: argv, manifest: undefined };
  const recorder = manifests && manifest !== undefined ? manifests.recordRun(args, io) : undefined;
  const runIo: Io = { ...(recorder?.io ?? io), argv: args };
  let run: { context: RunContext; outputs: import('../io/outputs.js').OutputTransaction } | undefined;
  // the command's options as it runs (defaults included), for its manifest
  let ranWith: Record<string, unknown> = {};
  const context = () => {
    if (!run) throw new Error('the run context is made when a command runs');
    return run.context;
  };
  const program = await buildProgram(runIo, args, context);
  program.hook('preAction', async (root, action) => {
    run = await startRun(runIo, limitsFrom(root.opts()));
    // Before any work: outputs that would overwrite an input or each other, or cannot be written.
    ranWith = action.opts();
    const planned = plannedFiles(ranWith, action.name());
    if (manifest !== undefined) planned.outputs.push({ flag: '--manifest', path: manifest });
    run.outputs.checkPlanned(planned);
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    if (run) {
      if (recorder && manifest)
        recorder.finish(manifest, run.context.reader, run.outputs, { described: run.context.inputs, options: ranWith });
      run.outputs.commit();
    }
    return 0;
  } catch (err) {
    run?.outputs.abort();
    if (err instanceof CommanderError) {
      // commander has already printed its message (or the help/version text)
      return err.exitCode === 0 ? 0 : 1;
    }
    if (err instanceof InputError || err instanceof UsageError || err instanceof InsufficientDataError) {
      io.stderr(`error: ${err.message}\n`);
      return 1;
    }
    io.stderr('error: an unexpected problem inside lacproj (a bug; please report it with this output):\n');
    io.stderr(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

/** The run's context and its output transaction (`--out -` goes to stdout through the recorder). */
async function startRun(io: Io, limits: Partial<Limits>) {
  const [{ createRunContext }, { OutputTransaction }, { progressReporter }] = await Promise.all([
    import('../app/context.js'),
    import('../io/outputs.js'),
    import('./progress.js'),
  ]);
  let reader: RunContext['reader'] | undefined;
  const outputs = new OutputTransaction({ stdout: io.stdout, stderr: io.stderr }, () => reader?.read ?? []);
  const context = createRunContext({
    limits,
    today: todayOf(io),
    pipes: io.pipes,
    log: { note: (text) => io.stderr(`note: ${text}\n`), warn: (text) => io.stderr(`warning: ${text}\n`) },
    progress: (label, total) => progressReporter(io, label, total),
    outputs: { write: (path, content) => outputs.stage(path, content), folder: (path) => outputs.stageFolder(path) },
  });
  reader = context.reader;
  return { context, outputs };
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
