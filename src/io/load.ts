import type { Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { systemErrorReason } from './systemErrors.js';
import { decodeText, type TextEncoding } from './encoding.js';
import { currentLimits, describeLimit, limitError, thousands } from './limits.js';
import { parseByAge, type ByAgeFile } from './byAge.js';
import { parseHistory, type HistoryFile, type HistoryLayout } from './history.js';
import { parsePopulation, parsePopulationWorkbook, type PopulationFile, type PopulationLayout } from './population.js';
import { notice } from './notices.js';
import { isZip } from './xlsx.js';

/** A file's text and its SHA-256, for manifests and JSON output. */
export interface LoadedText {
  path: string;
  text: string;
  sha256: string;
  encoding: TextEncoding;
}

/** An input file as read: for run manifests (`--manifest`) and the output checks (never write over an input). */
export interface FileRead {
  path: string;
  sha256: string;
  absolutePath: string;
  /** The path with symbolic links resolved. */
  realPath: string;
}

/** Called with every file read, for run manifests (`--manifest`). */
const readListeners = new Set<(file: FileRead) => void>();

export function onFileRead(listener: (file: FileRead) => void): () => void {
  readListeners.add(listener);
  return () => readListeners.delete(listener);
}

/** Tell the listeners a file was read (readers that stream, such as SSDA903, call it themselves). */
export function announceRead(path: string, label: string, hash: string): void {
  if (readListeners.size === 0) return;
  let realPath = resolve(path);
  try {
    realPath = realpathSync(path);
  } catch {
    // read a moment ago: keep the absolute path
  }
  for (const listener of readListeners) listener({ path: label, sha256: hash, absolutePath: resolve(path), realPath });
}

export { notice, onNotice } from './notices.js';

/** Why a path cannot be opened, in words. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : systemErrorReason(err);
}

/** Whether named pipes may be read (not in a rerun: a manifest naming a pipe would wait for ever). */
let pipesAllowed = true;

/** Allow or refuse pipes as inputs; returns a function that restores the previous setting. */
export function allowPipes(allowed: boolean): () => void {
  const previous = pipesAllowed;
  pipesAllowed = allowed;
  return () => {
    pipesAllowed = previous;
  };
}

/**
 * Check a path names something lacproj may read: a regular file, or (when `pipes`) a pipe such as
 * `<(command)`. Devices (`/dev/zero`), sockets and folders are refused before anything is read.
 * @returns the size for a regular file, undefined for a pipe
 * @throws InputError `file-not-found`, `not-a-file`, `limit-exceeded`
 */
export function checkReadable(path: string, label = path, { pipes = pipesAllowed } = {}): number | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
  }
  if (stat.isDirectory()) throw new InputError('not-a-file', 'cannot read the file: is a folder, not a file', { file: label });
  if (stat.isFIFO() && pipes) return undefined;
  if (!stat.isFile()) {
    const what =
      stat.isCharacterDevice() || stat.isBlockDevice()
        ? 'a device'
        : stat.isFIFO()
          ? 'a pipe'
          : stat.isSocket()
            ? 'a socket'
            : 'not a regular file';
    throw new InputError('not-a-file', `cannot read it: expected a regular file${pipes ? ' or a pipe' : ''}, found ${what}`, {
      file: label,
    });
  }
  const limit = currentLimits().maxFileSize;
  if (stat.size > limit) throw limitError('maxFileSize', 'the file', `${describeSize(stat.size)}`, { file: label });
  return stat.size;
}

/**
 * A whole input file's bytes, read in chunks that stop at the size limit: a pipe or a file that
 * grows is never read past it.
 * @throws InputError as `checkReadable`
 */
export function readInputBytes(path: string, label = path, options: { pipes?: boolean } = {}): Buffer {
  checkReadable(path, label, options);
  const limit = currentLimits().maxFileSize;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
      }
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > limit)
        throw limitError('maxFileSize', 'the file', `more than ${describeLimit('maxFileSize')} (stopped reading there)`, { file: label });
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}

/**
 * The SHA-256 of a regular file, read in chunks within the size limit (never a device or pipe:
 * a manifest naming /dev/zero must not hang).
 * @throws InputError as `checkReadable`
 */
export function sha256OfFile(path: string, label = path): string {
  checkReadable(path, label, { pipes: false });
  const limit = currentLimits().maxFileSize;
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
  }
  try {
    let total = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > limit)
        throw limitError('maxFileSize', 'the file', `more than ${describeLimit('maxFileSize')} (stopped reading there)`, { file: label });
      hash.update(chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** 1536 -> "1.5 KiB". */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Read a text file within the limits; `label` is how messages name it (defaults to the path).
 * The encoding is detected (UTF-8, UTF-16 with a BOM, else Windows-1252 with a notice).
 * @throws InputError `file-not-found`, `not-a-file`, `not-text`, `limit-exceeded`
 */
export function readText(path: string, label = path): LoadedText {
  const buffer = readInputBytes(path, label);
  const decoded = decodeText(buffer, label);
  checkLineLengths(decoded.text, label);
  const loaded = { path: label, text: decoded.text, sha256: sha256(buffer), encoding: decoded.encoding };
  if (decoded.note) notice(decoded.note);
  announceRead(path, label, loaded.sha256);
  return loaded;
}

/** @throws InputError `limit-exceeded` naming the first line longer than the limit */
export function checkLineLengths(text: string, source: string): void {
  const limit = currentLimits().maxLineLength;
  if (text.length <= limit) return;
  let line = 1;
  let from = 0;
  while (from <= text.length) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    if (end - from > limit) {
      throw limitError('maxLineLength', 'a line', `${thousands(end - from)} characters`, { file: source, line });
    }
    from = end + 1;
    line++;
  }
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function loadHistory(path: string, layout?: HistoryLayout, label = path): HistoryFile & { sha256: string } {
  const { text, sha256 } = readText(path, label);
  const defaultAreaName = basename(path, extname(path));
  return { ...parseHistory(text, label, { layout, defaultAreaName }), sha256 };
}

/**
 * A population file: CSV text, or an xlsx workbook read as published (the GLA's projections;
 * `sheet` names the sheet, default "persons" or the only one).
 */
export function loadPopulation(path: string, layout?: PopulationLayout, label = path, sheet?: string): PopulationFile & { sha256: string } {
  const bytes = readInputBytes(path, label);
  if (isZip(bytes)) {
    const hash = sha256(bytes);
    announceRead(path, label, hash);
    return { ...parsePopulationWorkbook(bytes, label, { layout, sheet, maxEntryBytes: currentLimits().maxFileSize }), sha256: hash };
  }
  if (sheet !== undefined) {
    throw new InputError('unknown-layout', '--population-sheet names a sheet of an xlsx workbook; this file is not one', { file: label });
  }
  const { text, sha256: hash } = readText(path, label);
  return { ...parsePopulation(text, label, { layout }), sha256: hash };
}

export function loadByAge(path: string, label = path): ByAgeFile & { sha256: string } {
  const { text, sha256 } = readText(path, label);
  return { ...parseByAge(text, label), sha256 };
}
