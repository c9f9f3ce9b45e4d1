import type { Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { systemErrorReason } from './systemErrors.js';
import { decodeText, type TextEncoding } from './encoding.js';
import { DEFAULT_LIMITS, describeLimit, limitError, thousands, type Limits } from './limits.js';
import { parseByAge, type ByAgeFile } from './byAge.js';
import { parseHistory, type HistoryFile, type HistoryLayout } from './history.js';
import { parsePopulation, parsePopulationWorkbook, type PopulationFile, type PopulationLayout } from './population.js';
import { isZip } from './xlsx.js';
import type { ReadOptions } from './table.js';

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

/** Why a path cannot be opened, in words. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : systemErrorReason(err);
}

/**
 * Reads a run's input files within its limits, and keeps the list of every file read (the
 * provenance of a run: manifests list it, and no output may overwrite one of them). One reader a
 * run: two runs in one process never see each other's files.
 */
export class InputReader {
  /** Every file read so far, in the order read (a file read twice is listed once). */
  readonly read: FileRead[] = [];

  /**
   * @param limits the run's bounds on what is read
   * @param options `pipes`: whether named pipes may be read (not in a rerun: a manifest naming a
   *   pipe would wait for ever); `notice`: where sentences about the reading go (an encoding guessed)
   */
  constructor(
    readonly limits: Readonly<Limits> = DEFAULT_LIMITS,
    private readonly options: { pipes?: boolean; notice?: (text: string) => void } = {},
  ) {}

  get pipesAllowed(): boolean {
    return this.options.pipes ?? true;
  }

  /** Tell the reader a file was read (readers that stream, such as SSDA903, call it themselves). */
  announce(path: string, label: string, hash: string): void {
    let realPath = resolve(path);
    try {
      realPath = realpathSync(path);
    } catch {
      // read a moment ago: keep the absolute path
    }
    if (this.read.some((f) => f.realPath === realPath && f.sha256 === hash)) return;
    this.read.push({ path: label, sha256: hash, absolutePath: resolve(path), realPath });
  }

  notice(text: string): void {
    this.options.notice?.(text);
  }

  /** The limits and notes as the parse* functions take them. */
  get readOptions(): ReadOptions {
    return { limits: this.limits, notice: (text) => this.notice(text) };
  }

  /**
   * Check a path names something lacproj may read: a regular file, or (when `pipes`) a pipe such as
   * `<(command)`. Devices (`/dev/zero`), sockets and folders are refused before anything is read.
   * @returns the size for a regular file, undefined for a pipe
   * @throws InputError `file-not-found`, `not-a-file`, `limit-exceeded`
   */
  checkReadable(path: string, label = path, { pipes = this.pipesAllowed } = {}): number | undefined {
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
    if (stat.size > this.limits.maxFileSize) {
      throw limitError(this.limits, 'maxFileSize', 'the file', `${describeSize(stat.size)}`, { file: label });
    }
    return stat.size;
  }

  /**
   * A whole input file's bytes, read once (a pipe can be read only once) in chunks that stop at the
   * size limit: a pipe or a file that grows is never read past it.
   * @throws InputError as `checkReadable`
   */
  bytes(path: string, label = path, options: { pipes?: boolean } = {}): Buffer {
    this.checkReadable(path, label, options);
    const limit = this.limits.maxFileSize;
    const chunks: Buffer[] = [];
    let total = 0;
    this.eachChunk(path, label, (chunk) => {
      chunks.push(Buffer.from(chunk));
      total += chunk.length;
      if (total > limit) throw this.tooLarge(label);
    });
    return Buffer.concat(chunks, total);
  }

  /**
   * The SHA-256 of a regular file, read in chunks within the size limit (never a device or pipe:
   * a manifest naming /dev/zero must not hang).
   * @throws InputError as `checkReadable`
   */
  sha256OfFile(path: string, label = path): string {
    this.checkReadable(path, label, { pipes: false });
    const hash = createHash('sha256');
    let total = 0;
    this.eachChunk(path, label, (chunk) => {
      total += chunk.length;
      if (total > this.limits.maxFileSize) throw this.tooLarge(label);
      hash.update(chunk);
    });
    return hash.digest('hex');
  }

  /**
   * Read a text file within the limits; `label` is how messages name it (defaults to the path).
   * The encoding is detected (UTF-8, UTF-16 with a BOM, else Windows-1252 with a notice).
   * @throws InputError `file-not-found`, `not-a-file`, `not-text`, `limit-exceeded`
   */
  text(path: string, label = path): LoadedText {
    return this.textOf(path, label, this.bytes(path, label));
  }

  /** The text of bytes already read from `path` (a pipe is read once: never read it again). */
  textOf(path: string, label: string, buffer: Buffer): LoadedText {
    const decoded = decodeText(buffer, label);
    checkLineLengths(decoded.text, label, this.limits);
    const loaded = { path: label, text: decoded.text, sha256: sha256(buffer), encoding: decoded.encoding };
    if (decoded.note) this.notice(decoded.note);
    this.announce(path, label, loaded.sha256);
    return loaded;
  }

  /** The same reader with some bounds changed (a manifest is read with a smaller size limit). */
  withLimits(changes: Partial<Limits>): InputReader {
    const reader = new InputReader({ ...this.limits, ...changes }, this.options);
    // one list of what the run read
    (reader as { read: FileRead[] }).read = this.read;
    return reader;
  }

  private tooLarge(label: string): InputError {
    const size = describeLimit('maxFileSize', this.limits.maxFileSize);
    return limitError(this.limits, 'maxFileSize', 'the file', `more than ${size} (stopped reading there)`, { file: label });
  }

  private eachChunk(path: string, label: string, onChunk: (chunk: Buffer) => void): void {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
    }
    const chunk = Buffer.allocUnsafe(1 << 20);
    try {
      for (;;) {
        let read: number;
        try {
          read = readSync(fd, chunk, 0, chunk.length, null);
        } catch (err) {
          throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file: label });
        }
        if (read === 0) break;
        onChunk(chunk.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** 1536 -> "1.5 KiB". */
function describeSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** @throws InputError `limit-exceeded` naming the first line longer than the limit */
function checkLineLengths(text: string, source: string, limits: Readonly<Limits> = DEFAULT_LIMITS): void {
  const limit = limits.maxLineLength;
  if (text.length <= limit) return;
  let line = 1;
  let from = 0;
  while (from <= text.length) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    if (end - from > limit) {
      throw limitError(limits, 'maxLineLength', 'a line', `${thousands(end - from)} characters`, { file: source, line });
    }
    from = end + 1;
    line++;
  }
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function loadHistory(reader: InputReader, path: string, layout?: HistoryLayout, label = path): HistoryFile & { sha256: string } {
  const { text, sha256 } = reader.text(path, label);
  const defaultAreaName = basename(path, extname(path));
  return { ...parseHistory(text, label, { layout, defaultAreaName, ...reader.readOptions }), sha256 };
}

/**
 * A population file: CSV text, or an xlsx workbook read as published (the GLA's projections;
 * `sheet` names the sheet, default "persons" or the only one). Read once, so a pipe works.
 */
export function loadPopulation(
  reader: InputReader,
  path: string,
  layout?: PopulationLayout,
  label = path,
  sheet?: string,
): PopulationFile & { sha256: string } {
  const bytes = reader.bytes(path, label);
  if (isZip(bytes)) {
    const hash = sha256(bytes);
    reader.announce(path, label, hash);
    return {
      ...parsePopulationWorkbook(bytes, label, { layout, sheet, maxEntryBytes: reader.limits.maxFileSize, ...reader.readOptions }),
      sha256: hash,
    };
  }
  if (sheet !== undefined) {
    throw new InputError('unknown-layout', '--population-sheet names a sheet of an xlsx workbook; this file is not one', { file: label });
  }
  const { text, sha256: hash } = reader.textOf(path, label, bytes);
  return { ...parsePopulation(text, label, { layout, ...reader.readOptions }), sha256: hash };
}

export function loadByAge(reader: InputReader, path: string, label = path): ByAgeFile & { sha256: string } {
  const { text, sha256 } = reader.text(path, label);
  return { ...parseByAge(text, label, reader.readOptions), sha256 };
}
