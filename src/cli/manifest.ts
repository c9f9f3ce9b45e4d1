import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { DEFAULT_FLOW_OPTIONS } from '../model/methods/flow.js';
import { sha256, type InputReader } from '../io/load.js';
import {
  freshFolder,
  inputRoles,
  movedTo,
  readManifest,
  recordedOptions,
  redirectOutputs,
  refuseOverwritingInputs,
  type RunManifest,
} from '../io/manifest.js';
import { toolVersion, type Io } from './context.js';
import { OUTPUT_OPTIONS, optionFlag } from './options.js';
import type { OutputTransaction } from '../io/outputs.js';
import type { CommandEnv } from './run.js';

/** Take `--manifest FILE` (or `--manifest=FILE`) out of the arguments. */
export function extractManifest(argv: readonly string[]): { args: string[]; manifest?: string } {
  const args: string[] = [];
  let manifest: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--manifest') manifest = argv[++i];
    else if (arg.startsWith('--manifest=')) manifest = arg.slice('--manifest='.length);
    else args.push(arg);
  }
  return { args, manifest };
}

/** What a run said about itself for its manifest: the roles of its inputs and its options as they ran. */
export interface RunRecord {
  described: readonly { role: string; file: string }[];
  options: Record<string, unknown>;
}

/**
 * Record the stdout of a run; `finish` writes the manifest: the command, every option's value as
 * it ran (defaults included), every file the run read (its reader's list, with the role the run
 * gave it) and wrote (its transaction's), and the SHA-256 of stdout.
 */
export function recordRun(
  args: string[],
  io: Io,
): { io: Io; finish: (manifestPath: string, reader: InputReader, outputs: OutputTransaction, record?: RunRecord) => void } {
  const cwd = process.cwd();
  const stdout: string[] = [];
  // Paths inside the run's folder are kept relative (the folder can move); others absolute.
  const name = (absolute: string) => {
    const rel = relative(cwd, absolute);
    return rel.startsWith('..') || rel === '' ? absolute : rel;
  };
  const seedAt = args.indexOf('--seed');
  return {
    io: {
      ...io,
      stdout: (text) => {
        stdout.push(text);
        io.stdout(text);
      },
    },
    finish(manifestPath, reader, outputs, record) {
      const inputs = new Map(reader.read.map((file) => [name(file.absolutePath), file.sha256]));
      const written = new Map(outputs.written.map((file) => [file.path, file.sha256]));
      const roles = inputRoles(reader, record?.described ?? [], name);
      const options = record ? recordedOptions(record.options) : undefined;
      const manifest: RunManifest = {
        tool: { name: 'lacproj', version: toolVersion },
        command: args,
        cwd,
        seed: seedAt >= 0 ? Number(args[seedAt + 1]) : DEFAULT_FLOW_OPTIONS.seed,
        ...(options ? { options } : {}),
        inputs: [...inputs.entries()].map(([file, hash]) => ({
          file,
          sha256: hash,
          ...(roles.has(file) ? { role: roles.get(file) } : {}),
        })),
        outputs: [...written.entries()].map(([file, hash]) => ({ file, sha256: hash })),
        stdout_sha256: sha256(stdout.join('')),
      };
      outputs.stage(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/** Options that name a file a command writes, as they appear on a command line (one list: options.ts). */
const OUTPUT_FLAGS: ReadonlySet<string> = new Set(OUTPUT_OPTIONS.map(optionFlag));

/**
 * A recorded command must be one lacproj runs, with options it knows: no `rerun` (a manifest
 * rerunning itself would never end), no `--manifest`, nothing unknown.
 * @throws InputError `bad-manifest` naming the offending element
 */
function checkCommand(command: readonly string[], program: Command, file: string): void {
  const fail = (i: number, message: string): never => {
    throw new InputError('bad-manifest', `the recorded command is not one lacproj runs: ${message}`, { file, column: `command[${i}]` });
  };
  const takesValue = (options: readonly Option[], flag: string) => {
    const option = options.find((o) => o.long === flag || o.short === flag);
    return option === undefined ? undefined : option.required || option.optional;
  };
  let i = 0;
  // Global options (the limits) may come first.
  while (i < command.length && command[i]!.startsWith('-')) {
    const [flag, inline] = splitFlag(command[i]!);
    const value = takesValue(program.options, flag);
    if (value === undefined) fail(i, `unknown option "${flag}" before the command`);
    i += value && inline === undefined ? 2 : 1;
  }
  const name = command[i];
  if (name === undefined) fail(i, 'no command');
  if (name === 'rerun') fail(i, 'a manifest cannot rerun a manifest');
  let sub = program.commands.find((c) => c.name() === name);
  if (sub === undefined) fail(i, `unknown command "${name}"`);
  i++;
  if (sub!.commands.length > 0) {
    const nested = sub!.commands.find((c) => c.name() === command[i]);
    if (nested === undefined) fail(i, `"${name}" needs one of ${sub!.commands.map((c) => c.name()).join(', ')}`);
    sub = nested;
    i++;
  }
  for (; i < command.length; i++) {
    const token = command[i]!;
    if (!token.startsWith('--')) fail(i, `unexpected argument "${token.slice(0, 60)}"`);
    const [flag, inline] = splitFlag(token);
    if (flag === '--manifest') fail(i, '--manifest is not recorded in the command');
    const value = takesValue(sub!.options, flag) ?? takesValue(program.options, flag);
    if (value === undefined) fail(i, `unknown option "${flag.slice(0, 60)}" for ${sub!.name()}`);
    if (value && inline === undefined) {
      if (i + 1 >= command.length) fail(i, `${flag} needs a value`);
      i++;
    }
  }
}

function splitFlag(token: string): [string, string | undefined] {
  const at = token.indexOf('=');
  return at < 0 ? [token, undefined] : [token.slice(0, at), token.slice(at + 1)];
}

/**
 * `lacproj rerun MANIFEST`: check the manifest, check every input still has its recorded SHA-256,
 * run the same command in the same folder with its outputs written into a fresh folder (or, with
 * --replace, where the manifest says), and check every output and stdout are byte-identical.
 */
export function rerunCommand(env: CommandEnv, run: (args: string[], io: Io) => Promise<number>): Command {
  const { io } = env;
  const command = new Command('rerun')
    .summary('repeat a run from its --manifest and check the outputs are byte-identical')
    .description(
      'Re-run a command recorded with --manifest: inputs must be unchanged (SHA-256), and the outputs must come out byte-identical. ' +
        'The outputs are written into a fresh folder (--into, or a new temporary folder), never where the manifest says unless --replace.',
    )
    .argument('<manifest>', 'a manifest written by --manifest')
    .addOption(
      new Option('--into <folder>', "write the rerun's outputs into this new or empty folder").default(undefined, 'a new temporary folder'),
    )
    .addOption(new Option('--replace', 'write the outputs where the manifest says, replacing them (checked the same way)'));
  command.action(async (manifestPath: string, options: { into?: string; replace?: boolean }) => {
    if (options.replace && options.into !== undefined)
      throw new UsageError('--into and --replace exclude each other: pick where the outputs go');
    const { reader } = env.context();
    const manifest = readManifest(reader, manifestPath);
    checkCommand(manifest.command, command.parent!, manifestPath);
    if (manifest.tool.version !== toolVersion) {
      io.stderr(`warning: the manifest was written by lacproj ${manifest.tool.version}; this is ${toolVersion}\n`);
    }
    let cwdStat: Stats | undefined;
    try {
      cwdStat = statSync(manifest.cwd);
    } catch {
      cwdStat = undefined;
    }
    if (!cwdStat?.isDirectory())
      throw new InputError('bad-manifest', `the folder the command ran in, ${manifest.cwd}, does not exist`, {
        file: manifestPath,
        column: 'cwd',
      });
    for (const input of manifest.inputs) {
      const path = resolve(manifest.cwd, input.file);
      let now: string;
      try {
        now = reader.sha256OfFile(path, input.file);
      } catch (err) {
        if (err instanceof InputError)
          throw new InputError(err.code, `input ${input.file} of the manifest: ${err.message.replace(/^[^:]*: /, '')}`, {
            file: manifestPath,
          });
        throw err;
      }
      if (now !== input.sha256) {
        throw new InputError(
          'bad-value',
          `input ${input.file} has changed since the manifest was written (sha256 ${input.sha256.slice(0, 12)}..., now ${now.slice(0, 12)}...)`,
          { file: manifestPath },
        );
      }
    }
    if (options.replace) refuseOverwritingInputs(manifest, manifestPath, OUTPUT_FLAGS);
    const folder = options.replace ? undefined : freshFolder(options.into);
    const planned =
      folder === undefined
        ? { command: manifest.command, moved: new Map<string, string>() }
        : redirectOutputs(manifest.command, OUTPUT_FLAGS, folder);
    const previous = process.cwd();
    const stdout: string[] = [];
    let code: number;
    try {
      process.chdir(manifest.cwd);
      code = await run(planned.command, {
        ...io,
        // Only regular files: a pipe named in an untrusted manifest would wait for ever.
        pipes: false,
        stdout: (text) => {
          stdout.push(text);
          io.stdout(text);
        },
      });
    } finally {
      process.chdir(previous);
    }
    const where = folder === undefined ? '' : ` (the rerun's outputs are in ${folder})`;
    if (code !== 0) throw new InputError('bad-value', `the recorded command failed (exit code ${code})${where}`, { file: manifestPath });
    const differences: string[] = [];
    for (const output of manifest.outputs) {
      const path = folder === undefined ? resolve(manifest.cwd, output.file) : movedTo(planned.moved, output.file);
      if (path === undefined) {
        differences.push(`${output.file} (not an output of the recorded command)`);
        continue;
      }
      let now: string | undefined;
      try {
        now = reader.sha256OfFile(path, output.file);
      } catch {
        now = undefined;
      }
      if (now !== output.sha256) differences.push(output.file);
    }
    if (sha256(stdout.join('')) !== manifest.stdout_sha256) differences.push('stdout');
    if (differences.length > 0)
      throw new InputError('bad-value', `not reproduced: ${differences.join(', ')} differ from the manifest${where}`, {
        file: manifestPath,
      });
    const count = manifest.outputs.length;
    io.stderr(
      `reproduced: ${count} output file${count === 1 ? '' : 's'} and stdout are byte-identical to the manifest${folder === undefined ? '' : `; the outputs are in ${folder}`}\n`,
    );
  });
  return command;
}
