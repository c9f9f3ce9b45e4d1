import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseByAge, type ByAgeFile } from './byAge.js';
import { parseHistory, type HistoryFile, type HistoryLayout } from './history.js';
import { parsePopulation, parsePopulationWorkbook, type PopulationFile, type PopulationLayout } from './population.js';
import { isZip } from './xlsx.js';

/** A file's text and its SHA-256, for manifests and JSON output. */
export interface LoadedText {
  path: string;
  text: string;
  sha256: string;
  /** The file as read, for binary formats (xlsx). */
  bytes: Buffer;
}

/** Called with every file read, for run manifests (`--manifest`). */
const readListeners = new Set<(file: LoadedText & { absolutePath: string }) => void>();

export function onFileRead(listener: (file: LoadedText & { absolutePath: string }) => void): () => void {
  readListeners.add(listener);
  return () => readListeners.delete(listener);
}

/** Read a file; `label` is how messages name it (defaults to the path). */
export function readText(path: string, label = path): LoadedText {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw new InputError('file-not-found', `cannot read the file: ${reason}`, { file: label });
  }
  const loaded = { path: label, text: buffer.toString('utf8'), sha256: sha256(buffer), bytes: buffer };
  for (const listener of readListeners) listener({ ...loaded, absolutePath: resolve(path) });
  return loaded;
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function loadHistory(path: string, layout?: HistoryLayout, label = path): HistoryFile & { sha256: string } {
  const { text, sha256 } = readText(path, label);
  const defaultAreaName = basename(path, extname(path));
  return { ...parseHistory(text, label, { layout, defaultAreaName }), sha256 };
}

export function loadPopulation(
  path: string,
  layout?: PopulationLayout,
  label = path,
  sheet?: string,
): PopulationFile & { sha256: string } {
  const { text, sha256, bytes } = readText(path, label);
  if (isZip(bytes)) return { ...parsePopulationWorkbook(bytes, label, { layout, sheet }), sha256 };
  if (sheet !== undefined) throw new InputError('unknown-layout', '--population-sheet names a sheet of an xlsx workbook; this file is not one', { file: label });
  return { ...parsePopulation(text, label, { layout }), sha256 };
}

export function loadByAge(path: string, label = path): ByAgeFile & { sha256: string } {
  const { text, sha256 } = readText(path, label);
  return { ...parseByAge(text, label), sha256 };
}
