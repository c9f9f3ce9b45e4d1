import { isAbsolute, join, relative } from 'node:path';
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
  inputs: { file: string; sha256: string }[];
  outputs: { file: string; sha256: string }[];
  stdout_sha256: string;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256: 64 hexadecimal digits');
const fileEntry = z.object({ file: z.string().min(1).max(4096), sha256: sha256Hex }).strict();

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
    inputs: z.array(fileEntry).max(10_000),
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
