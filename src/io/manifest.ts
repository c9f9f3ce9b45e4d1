import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import type { InputReader } from './load.js';

/** What a run read and wrote, so that `lacproj rerun` can check and repeat it. */
export interface RunManifest {
  tool: { name: 'lacproj'; version: string };
  /** The command line after `lacproj`, without --manifest. */
  command: string[];
  /** Folder the command ran in: relative paths in `command` are relative to it. */
  cwd: string;
  /** The simulation seed used (the default when none was given). */
  seed: number;
  /**
   * Every option of the command as it ran, defaults included (inflation, costs, places, scenario
   * files, simulations...): for a reader of the record; `rerun` repeats `command`.
   */
  options?: Record<string, unknown>;
  /** Each file read, with what it was read for where the run said (scenario, costs, capacity, ...). */
  inputs: { file: string; sha256: string; role?: string }[];
  outputs: { file: string; sha256: string }[];
  stdout_sha256: string;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256: 64 hexadecimal digits');
const fileEntry = z.object({ file: z.string().min(1).max(4096), sha256: sha256Hex }).strict();
const inputEntry = fileEntry.extend({ role: z.string().max(100).optional() }).strict();
const optionValue = z.union([
  z.string().max(4096),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(4096), z.number()])).max(1000),
]);

/** A manifest is data from anywhere: every field is checked before anything is read or run. */
const manifestSchema = z
  .object({
    tool: z.object({ name: z.literal('lacproj'), version: z.string().max(100) }).strict(),
    command: z.array(z.string().max(4096)).min(1).max(1000),
    cwd: z.string().min(1).max(4096).refine(isAbsolute, 'expected an absolute folder'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    options: z
      .record(z.string().max(100), optionValue)
      .refine((o) => Object.keys(o).length <= 200, 'expected at most 200 options')
      .optional(),
    inputs: z.array(inputEntry).max(10_000),
    outputs: z.array(fileEntry).max(100),
    stdout_sha256: sha256Hex,
  })
  .strict();

/** The largest manifest read: a record of a run, not data. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Read and check a manifest.
 * @throws InputError `bad-manifest` naming the file and the field
 */
export function readManifest(reader: InputReader, path: string): RunManifest {
  const text = reader.withLimits({ maxFileSize: Math.min(reader.limits.maxFileSize, MAX_MANIFEST_BYTES) }).text(path).text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      'bad-manifest',
      `not a lacproj run manifest: expected JSON, ${(err as Error).message.replace(/^JSON\.parse: /, '')}`,
      { file: path },
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.reduce<string>((p, key) => (typeof key === 'number' ? `${p}[${key}]` : p ? `${p}.${key}` : String(key)), '');
    const message =
      issue.code === 'invalid_type' && issue.received === 'undefined'
        ? 'this field is required'
        : issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    throw new InputError('bad-manifest', `not a lacproj run manifest: ${message}`, {
      file: path,
      column: field === '' ? undefined : field,
    });
  }
  return parsed.data as RunManifest;
}

/** The options as a manifest keeps them: plain values (strings, numbers, booleans, lists), in their order; nothing else. */
export function recordedOptions(options: Record<string, unknown>): Record<string, unknown> {
  const plain = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v) || v === null;
  return Object.fromEntries(
    Object.entries(options).filter(
      ([, v]) => plain(v) || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')),
    ),
  );
}

/** Each file read with the role the run described it in (JSON `inputs`), keyed by its manifest name. */
export function inputRoles(
  reader: InputReader,
  described: readonly { role: string; file: string }[],
  name: (absolutePath: string) => string,
): Map<string, string> {
  const roles = new Map<string, string>();
  for (const d of described) {
    const file = reader.read.find((r) => r.path === d.file || r.absolutePath === resolve(d.file));
    if (file && !roles.has(name(file.absolutePath))) roles.set(name(file.absolutePath), d.role);
  }
  return roles;
}

/**
 * Where a recorded output went in a rerun: an output's own new name, or its place inside a moved
 * folder output (`report --area all --out DIR` records each page as DIR/NAME).
 */
export function movedTo(moved: ReadonlyMap<string, string>, file: string): string | undefined {
  const own = moved.get(file);
  if (own !== undefined) return own;
  for (const [from, to] of moved) {
    const inside = relative(from, file);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return join(to, inside);
  }
  return undefined;
}

function splitFlag(token: string): [string, string | undefined] {
  const at = token.indexOf('=');
  return at < 0 ? [token, undefined] : [token.slice(0, at), token.slice(at + 1)];
}

/** The command with each output file (not `-`) replaced by `place(path)`. */
function mapOutputs(command: readonly string[], outputFlags: ReadonlySet<string>, place: (path: string) => string): string[] {
  const keep = (value: string) => (value === '-' ? value : place(value));
  const result: string[] = [];
  for (let i = 0; i < command.length; i++) {
    const token = command[i]!;
    const [flag, inline] = splitFlag(token);
    if (!outputFlags.has(flag)) {
      result.push(token);
    } else if (inline !== undefined) {
      result.push(`${flag}=${keep(inline)}`);
    } else {
      result.push(token);
      const value = command[i + 1];
      if (value !== undefined) result.push(keep(value));
      i++;
    }
  }
  return result;
}

/**
 * The command (`outputFlags`: the options that write a file) with every output file moved into `folder` (`-` stays: stdout, or a text chart), and
 * where each recorded output now goes.
 */
export function redirectOutputs(
  command: readonly string[],
  outputFlags: ReadonlySet<string>,
  folder: string,
): { command: string[]; moved: Map<string, string> } {
  const moved = new Map<string, string>();
  const used = new Set<string>();
  const redirected = mapOutputs(command, outputFlags, (path) => {
    const existing = moved.get(path);
    if (existing !== undefined) return existing;
    let name = basename(path) || 'output';
    for (let n = 2; used.has(name); n++) name = `${n}-${basename(path) || 'output'}`;
    used.add(name);
    const target = join(folder, name);
    moved.set(path, target);
    return target;
  });
  return { command: redirected, moved };
}

/**
 * With --replace the recorded outputs are written where the manifest says: never over the
 * manifest itself or a recorded input (the run's own check covers the inputs it reads).
 * @throws InputError `bad-manifest`
 */
export function refuseOverwritingInputs(manifest: RunManifest, manifestPath: string, outputFlags: ReadonlySet<string>): void {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const protectedPaths = new Map([
    [real(manifestPath), manifestPath],
    ...manifest.inputs.map((i) => [real(resolve(manifest.cwd, i.file)), i.file] as [string, string]),
  ]);
  mapOutputs(manifest.command, outputFlags, (path) => {
    const name = protectedPaths.get(real(resolve(manifest.cwd, path)));
    if (name !== undefined) {
      throw new InputError(
        'bad-manifest',
        `the recorded command writes ${path}, which is ${name === manifestPath ? 'the manifest itself' : `the recorded input ${name}`}: not with --replace`,
        { file: manifestPath, column: 'command' },
      );
    }
    return path;
  });
}

/** A fresh folder for a rerun's outputs: `--into DIR` (new or empty), else a new temporary folder. */
export function freshFolder(into: string | undefined): string {
  if (into === undefined) return mkdtempSync(join(tmpdir(), 'lacproj-rerun-'));
  if (existsSync(into)) {
    let entries: string[];
    try {
      if (!statSync(into).isDirectory()) throw new UsageError(`--into ${into} is a file: give a new or empty folder`);
      entries = readdirSync(into);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--into ${into}: cannot read the folder (${(err as Error).message})`);
    }
    if (entries.length > 0)
      throw new UsageError(`--into ${into} is not empty: give a new or empty folder (a rerun never writes over files)`);
    return resolve(into);
  }
  try {
    mkdirSync(into);
  } catch (err) {
    throw new UsageError(
      `--into ${into}: cannot make the folder (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its parent folder does not exist' : (err as Error).message})`,
    );
  }
  return resolve(into);
}
