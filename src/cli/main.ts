import { Command, CommanderError } from 'commander';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { processIo, toolVersion, type Io } from './context.js';

/**
 * Each command's module, imported only when that command runs (or for the full help): start-up
 * then loads only what the command uses, and `--version` loads no command at all
 * (bench/README.md, "start-up").
 */
const COMMANDS: Record<string, () => Promise<(io: Io) => Command>> = {
  project: async () => (await import('./project.js')).projectCommand,
  backtest: async () => (await import('./backtest.js')).backtestCommand,
  scenario: async () => (await import('./scenario.js')).scenarioCommand,
  sufficiency: async () => (await import('./sufficiency.js')).sufficiencyCommand,
  report: async () => (await import('./report.js')).reportCommand,
  chart: async () => (await import('./chart.js')).chartCommand,
  episodes: async () => (await import('./episodes.js')).episodesCommand,
  rerun: async () => {
    const { rerunCommand } = await import('./manifest.js');
    return (io) => rerunCommand(io, main);
  },
};

/**
 * The program with the commands `args` need: the one named first, none for a bare --version, every
 * command otherwise (help, a mistyped command, no arguments). Without `args`, every command.
 */
export async function buildProgram(io: Io, args?: readonly string[]): Promise<Command> {
  const program = new Command('lacproj')
    .description(
      'Project how many children a local authority will look after (children looked after on 31 March) ' +
        'from DfE history and ONS/GLA 0-17 population, with intervals, for sufficiency planning.',
    )
    .version(toolVersion, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const first = args?.[0];
  const versionOnly = args !== undefined && args.length === 1 && (first === '--version' || first === '-V');
  const names = versionOnly ? [] : first !== undefined && first in COMMANDS ? [first] : Object.keys(COMMANDS);
  for (const name of names) {
    const command = (await COMMANDS[name]!())(io);
    program.addCommand(command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  }
  program.addHelpText(
    'after',
    `
Run "lacproj project" for the default projection (bundled Tower Hamlets data),
"lacproj <command> --help" for a command's options.
Every command takes --manifest FILE: a JSON record of the command, its inputs and outputs
(SHA-256) and seed, which "lacproj rerun FILE" repeats and checks byte for byte.
Exit codes: 0 success, 1 a problem with the input or options, 2 a bug in lacproj.`,
  );
  return program;
}

/** Run the CLI and return the exit code: the one place errors turn into messages and codes. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    // --manifest FILE works with every command: the run is recorded and the manifest written last.
    const wantsManifest = argv.some((a) => a === '--manifest' || a.startsWith('--manifest='));
    const manifests = wantsManifest ? await import('./manifest.js') : undefined;
    const { args, manifest } = manifests ? manifests.extractManifest(argv) : { args: argv, manifest: undefined };
    const recorder = manifests && manifest !== undefined ? manifests.recordRun(args, io) : undefined;
    const program = await buildProgram({ ...(recorder?.io ?? io), argv: args }, args);
    await program.parseAsync(args, { from: 'user' });
    if (recorder && manifest) recorder.finish(manifest);
    return 0;
  } catch (err) {
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
  }
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
