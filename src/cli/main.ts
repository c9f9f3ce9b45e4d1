import { Command, CommanderError } from 'commander';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { processIo, toolVersion, type Io } from './context.js';
import { backtestCommand } from './backtest.js';
import { chartCommand } from './chart.js';
import { episodesCommand } from './episodes.js';
import { extractManifest, recordRun, rerunCommand } from './manifest.js';
import { projectCommand } from './project.js';
import { reportCommand } from './report.js';
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
  for (const command of [projectCommand(io), backtestCommand(io), scenarioCommand(io), sufficiencyCommand(io), reportCommand(io), chartCommand(io), episodesCommand(io), rerunCommand(io, main)]) {
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
  // --manifest FILE works with every command: the run is recorded and the manifest written last.
  const { args, manifest } = extractManifest(argv);
  const recorder = manifest !== undefined ? recordRun(args, io) : undefined;
  const program = buildProgram({ ...(recorder?.io ?? io), argv: args });
  try {
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
