import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { DEFAULT_FLOW_OPTIONS } from '../model/methods/flow.js';
import { onFileRead, sha256 } from '../io/load.js';
import { toolVersion, type Io } from './context.js';
import { onOutputWritten, writeOutput } from './inputs.js';

/** What a run read and wrote, so that `lacproj rerun` can check and repeat it. */
export interface RunManifest {
  tool: { name: 'lacproj'; version: string };
  /** The command line after `lacproj`, without --manifest. */
  command: string[];
  /** Folder the command ran in: relative paths in `command` are relative to it. */
  cwd: string;
  /** The simulation seed used (the default when none was given). */
  seed: number;
  inputs: { file: string; sha256: string }[];
  outputs: { file: string; sha256: string }[];
  stdout_sha256: string;
}

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

/** Record every file read and written and the stdout of a run; `finish` writes the manifest. */
export function recordRun(args: string[], io: Io): { io: Io; finish: (manifestPath: string) => void } {
  const cwd = process.cwd();
  const inputs = new Map<string, string>();
  const outputs = new Map<string, string>();
  const stdout: string[] = [];
  // Paths inside the run's folder are kept relative (the folder can move); others absolute.
  const name = (absolute: string) => {
    const rel = relative(cwd, absolute);
    return rel.startsWith('..') || rel === '' ? absolute : rel;
  };
  const stopRead = onFileRead((file) => inputs.set(name(file.absolutePath), file.sha256));
  const stopWrite = onOutputWritten((path, content) => outputs.set(path, sha256(content)));
  const seedAt = args.indexOf('--seed');
  return {
    io: { ...io, stdout: (text) => (stdout.push(text), io.stdout(text)) },
    finish(manifestPath) {
      stopRead();
      stopWrite();
      const manifest: RunManifest = {
        tool: { name: 'lacproj', version: toolVersion },
        command: args,
        cwd,
        seed: seedAt >= 0 ? Number(args[seedAt + 1]) : DEFAULT_FLOW_OPTIONS.seed,
        inputs: [...inputs.entries()].map(([file, hash]) => ({ file, sha256: hash })),
        outputs: [...outputs.entries()].map(([file, hash]) => ({ file, sha256: hash })),
        stdout_sha256: sha256(stdout.join('')),
      };
      writeOutput(manifestPath, JSON.stringify(manifest, null, 2) + '\n', io);
    },
  };
}

function readManifest(path: string): RunManifest {
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InputError('bad-value', `cannot read the manifest: ${reason}`, { file: path });
  }
  if (!Array.isArray(manifest.command) || !Array.isArray(manifest.inputs) || typeof manifest.cwd !== 'string') {
    throw new InputError('bad-value', 'not a lacproj run manifest: expected command, cwd, inputs and outputs', { file: path });
  }
  return manifest;
}

/**
 * `lacproj rerun MANIFEST`: check every input still has its recorded SHA-256, run the same command
 * in the same folder, and check every output (files and stdout) is byte-identical.
 */
export function rerunCommand(io: Io, run: (args: string[], io: Io) => Promise<number>): Command {
  return new Command('rerun')
    .summary('repeat a run from its --manifest and check the outputs are byte-identical')
    .description('Re-run a command recorded with --manifest: inputs must be unchanged (SHA-256), and the outputs must come out byte-identical.')
    .argument('<manifest>', 'a manifest written by --manifest')
    .action(async (manifestPath: string) => {
      const manifest = readManifest(manifestPath);
      if (manifest.tool?.version !== toolVersion) {
        io.stderr(`warning: the manifest was written by lacproj ${manifest.tool?.version}; this is ${toolVersion}\n`);
      }
      for (const input of manifest.inputs) {
        const path = resolve(manifest.cwd, input.file);
        if (!existsSync(path)) throw new InputError('file-not-found', `input ${input.file} of the manifest is missing`, { file: manifestPath });
        const now = sha256(readFileSync(path));
        if (now !== input.sha256) {
          throw new InputError('bad-value', `input ${input.file} has changed since the manifest was written (sha256 ${input.sha256.slice(0, 12)}..., now ${now.slice(0, 12)}...)`, { file: manifestPath });
        }
      }
      const previous = process.cwd();
      const stdout: string[] = [];
      let code: number;
      try {
        process.chdir(manifest.cwd);
        code = await run(manifest.command, { ...io, stdout: (text) => (stdout.push(text), io.stdout(text)) });
      } finally {
        process.chdir(previous);
      }
      if (code !== 0) throw new InputError('bad-value', `the recorded command failed (exit code ${code})`, { file: manifestPath });
      const differences = manifest.outputs
        .filter((o) => !existsSync(resolve(manifest.cwd, o.file)) || sha256(readFileSync(resolve(manifest.cwd, o.file))) !== o.sha256)
        .map((o) => o.file);
      if (sha256(stdout.join('')) !== manifest.stdout_sha256) differences.push('stdout');
      if (differences.length > 0) throw new InputError('bad-value', `not reproduced: ${differences.join(', ')} differ from the manifest`, { file: manifestPath });
      io.stderr(`reproduced: ${manifest.outputs.length} output file${manifest.outputs.length === 1 ? '' : 's'} and stdout are byte-identical to the manifest\n`);
    });
}
