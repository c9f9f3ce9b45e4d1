import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
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
