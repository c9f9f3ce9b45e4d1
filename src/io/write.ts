import type { Stats } from 'node:fs';
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { systemErrorReason } from './systemErrors.js';

/**
 * Where an output goes. A regular file (or a name not yet taken) is written to a temporary file
 * beside it and renamed over it; a device or pipe (`/dev/null`, `>(gzip > x.gz)`) is written in
 * place, since renaming over it would replace the device with a file; `-` is stdout.
 */
export type OutputTarget =
  | { kind: 'stdout'; path: string }
  | { kind: 'stream'; path: string; realPath: string }
  | { kind: 'file'; path: string; realPath: string; mode?: number };

/** Why an output cannot be written, from a system error. */
export function unwritableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'is a folder' : systemErrorReason(err);
}

const cannotWrite = (path: string, reason: string) => new UsageError(`cannot write ${path}: ${reason}`);

/**
 * What kind of thing an output path names, with symbolic links followed (the file a link points at
 * is replaced, not the link). Nothing is written.
 * @throws UsageError for a folder, a disk device, a socket or a missing folder
 */
export function resolveOutput(path: string): OutputTarget {
  if (path === '-') return { kind: 'stdout', path };
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, unwritableReason(err));
    let isLink = false;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch {
      // no such name at all: the usual case of a new file
    }
    if (isLink) throw cannotWrite(path, 'a symbolic link to a file that does not exist');
    let folder: string;
    try {
      folder = realpathSync(dirname(resolve(path)));
    } catch (err) {
      throw cannotWrite(
        path,
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? `its folder does not exist (${dirname(path)})` : unwritableReason(err),
      );
    }
    if (!statSync(folder).isDirectory()) throw cannotWrite(path, `${dirname(path)} is not a folder`);
    return { kind: 'file', path, realPath: join(folder, basename(path)) };
  }
  if (stat.isDirectory()) throw cannotWrite(path, 'is a folder: give a file name');
  if (stat.isFile()) return { kind: 'file', path, realPath: realpathSync(path), mode: stat.mode & 0o7777 };
  if (stat.isCharacterDevice() || stat.isFIFO()) return { kind: 'stream', path, realPath: realpathSync(path) };
  throw cannotWrite(
    path,
    stat.isBlockDevice()
      ? 'is a disk device: lacproj writes only files, pipes and character devices'
      : 'is not a file, pipe or character device',
  );
}

/**
 * Where a folder output goes (`report --area all --out DIR`): a folder that exists (its files of
 * the same names are replaced, the rest left), or a new name in a folder that exists (made whole
 * beside it, then renamed into place). Nothing is written.
 * @throws UsageError for a file, a device, a missing parent folder
 */
export function resolveFolderOutput(path: string): { path: string; realPath: string; exists: boolean } {
  if (path === '-') throw cannotWrite(path, 'pages cannot go to stdout: give a folder');
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, unwritableReason(err));
    let parent: string;
    try {
      parent = realpathSync(dirname(resolve(path)));
    } catch {
      throw cannotWrite(path, `its parent folder does not exist (${dirname(path)})`);
    }
    return { path, realPath: join(parent, basename(resolve(path))), exists: false };
  }
  if (!stat.isDirectory()) throw cannotWrite(path, 'is not a folder: give a new name or a folder for the pages');
  return { path, realPath: realpathSync(path), exists: true };
}

/** `.projection.csv.12345.tmp`: the temporary file beside `target` of the process `pid`. */
export function temporaryName(target: string, pid: number): string {
  return join(dirname(target), `.${basename(target)}.${pid}.tmp`);
}

const TEMPORARY = /^\.(.+)\.(\d+)\.tmp$/;

/**
 * Remove this tool's temporary files (or folders) for `target` (`.NAME.PID.tmp` beside it) left by
 * runs that were killed: those whose process is gone. Others (a run still writing) are left alone.
 * @returns the files removed
 */
export function removeStaleTemporaries(target: string, isAlive: (pid: number) => boolean, ownPid: number): string[] {
  const folder = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMPORARY.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid === ownPid || isAlive(pid)) continue;
    const path = join(folder, entry);
    try {
      // a file, or the folder a folder output is made in (report --area all --out DIR)
      const stat = lstatSync(path);
      if (!stat.isFile() && !stat.isDirectory()) continue;
      rmSync(path, { recursive: stat.isDirectory(), force: true });
      removed.push(path);
    } catch {
      // another run removed it first
    }
  }
  return removed;
}

/**
 * Write `content` to a new temporary file beside a file target (never through an existing name:
 * O_EXCL), flushed to disk, with the mode of the file it will replace.
 * @returns the temporary file's path
 * @throws UsageError naming the output and the reason (no space, permission denied, ...)
 */
export function writeTemporary(target: OutputTarget & { kind: 'file' }, content: string | Uint8Array, pid: number): string {
  const temporary = temporaryName(target.realPath, pid);
  rmSync(temporary, { force: true });
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', target.mode ?? 0o666);
    writeAll(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw cannotWrite(target.path, unwritableReason(err));
  }
  return temporary;
}

/** Rename a temporary file over its target. @throws UsageError */
export function replaceWith(temporary: string, target: OutputTarget & { kind: 'file' }): void {
  try {
    renameSync(temporary, target.realPath);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw cannotWrite(target.path, unwritableReason(err));
  }
}

/** Write to a device or pipe in place (no temporary file, no rename). @throws UsageError */
export function writeInPlace(target: OutputTarget & { kind: 'stream' }, content: string | Uint8Array): void {
  let fd: number | undefined;
  try {
    fd = openSync(target.path, 'w');
    writeAll(fd, content);
    closeSync(fd);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    throw cannotWrite(target.path, unwritableReason(err));
  }
}

/** Write every byte, in chunks (a pipe takes a little at a time). */
function writeAll(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let at = 0;
  while (at < bytes.length) {
    at += writeSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 20));
  }
}
