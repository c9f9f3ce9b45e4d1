import { readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { sha256, type FileRead } from './load.js';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import {
  removeStaleTemporaries,
  replaceWith,
  resolveFolderOutput,
  resolveOutput,
  temporaryName,
  unwritableReason,
  writeInPlace,
  writeTemporary,
  type OutputTarget,
} from './write.js';

interface Staged {
  target: OutputTarget;
  content: string | Uint8Array;
  temporary?: string;
}

/** A new folder of files, made whole beside its name and renamed into place at commit. */
interface StagedFolder {
  path: string;
  realPath: string;
  temporary: string;
}

/** Whether a process is still running (a temporary file of a live run is not stale). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The outputs of one run, written together or not at all. Each file output goes to a temporary
 * file beside its target as soon as the command hands it over (so a full disk shows early); the
 * renames, and the writes to devices and pipes, wait until the whole command has succeeded.
 * An output that resolves to one of the run's inputs, or to another of its outputs, is refused.
 */
export class OutputTransaction {
  private readonly staged: Staged[] = [];
  private readonly folders: StagedFolder[] = [];
  /** Real path -> how the run named the input: the inputs named in the options. */
  private readonly inputs = new Map<string, string>();
  /** Every output handed over (stdout excepted), with its SHA-256, for the run's manifest. */
  readonly written: { path: string; sha256: string }[] = [];

  /**
   * @param read the files the run has read so far (its reader's list): none may be overwritten
   */
  constructor(
    private readonly write: { stdout: (text: string) => void; stderr: (text: string) => void },
    private readonly read: () => readonly FileRead[] = () => [],
    private readonly pid = process.pid,
  ) {}

  /**
   * Before any work: the outputs the command line names must be writable, none may be an input it
   * names (a file, or a file in a folder of returns) or another output. (Inputs found later, such
   * as bundled data or a scenario's population file, are checked again as each output is staged.)
   * @throws UsageError
   */
  checkPlanned(planned: { inputs: readonly string[]; outputs: readonly { flag: string; path: string; folder?: boolean }[] }): void {
    for (const path of planned.inputs) {
      for (const file of filesOf(path)) this.inputs.set(file, path);
    }
    const checked: { flag: string; target: OutputTarget }[] = [];
    for (const { flag, path, folder } of planned.outputs) {
      if (flag === '--chart' && path === '-') continue;
      if (folder) {
        const target = resolveFolderOutput(path);
        const input = [...this.inputs.entries()].find(([real]) => real === target.realPath);
        if (input) throw new UsageError(`${flag} ${path} is an input of this run (${input[1]}): give the pages a folder of their own`);
        continue;
      }
      const target = resolveOutput(path);
      this.refuseInput(target, flag);
      const same = target.kind === 'file' && checked.find((p) => p.target.kind === 'file' && p.target.realPath === target.realPath);
      if (same)
        throw new UsageError(`${flag} ${path} and ${same.flag} ${same.target.path} are the same file: give each output its own name`);
      checked.push({ flag, target });
    }
  }

  /**
   * Hand over an output: stdout at once, a file to its temporary file now (renamed at commit),
   * a device or pipe at commit.
   * @throws UsageError
   */
  stage(path: string, content: string | Uint8Array): void {
    const target = resolveOutput(path);
    this.refuseInput(target);
    if (target.kind !== 'stdout') this.written.push({ path, sha256: sha256(content) });
    if (target.kind === 'stdout') {
      if (typeof content !== 'string') throw new UsageError('a workbook cannot go to stdout ("-"): give a file name');
      this.write.stdout(content);
      return;
    }
    const same = this.staged.find(
      (s) => s.target.kind !== 'stdout' && s.target.kind === target.kind && s.target.realPath === target.realPath,
    );
    if (same && target.kind === 'file') {
      throw new UsageError(`cannot write ${path}: it is the same file as another output of this run, ${same.target.path}`);
    }
    if (target.kind === 'stream') {
      this.staged.push({ target, content });
      return;
    }
    for (const removed of removeStaleTemporaries(target.realPath, isAlive, this.pid)) {
      this.write.stderr(`note: removed ${removed}, left by a run that was stopped while writing\n`);
    }
    this.staged.push({ target, content, temporary: writeTemporary(target, content, this.pid) });
  }

  /**
   * Open a folder output (`report --area all --out DIR`) and hand over its files one by one, each
   * written as it comes (so a run of many pages holds one at a time). Into a folder that exists,
   * each file is any other output (a temporary file beside it, renamed at commit); a new folder is
   * made under a temporary name beside it and renamed into place at commit. All or none, with the
   * run's other outputs.
   * @throws UsageError
   */
  stageFolder(path: string): { add(name: string, content: string | Uint8Array): void } {
    const target = resolveFolderOutput(path);
    const checkName = (name: string) => {
      if (name === '' || name.startsWith('.') || /[/\\]/.test(name)) throw new Error(`not a file name for a folder output: ${name}`);
    };
    if (target.exists) {
      return {
        add: (name, content) => {
          checkName(name);
          this.stage(join(path, name), content);
        },
      };
    }
    if (this.folders.some((f) => f.realPath === target.realPath)) throw new UsageError(`cannot write ${path} twice in one run`);
    for (const removed of removeStaleTemporaries(target.realPath, isAlive, this.pid)) {
      this.write.stderr(`note: removed ${removed}, left by a run that was stopped while writing\n`);
    }
    const temporary = temporaryName(target.realPath, this.pid);
    rmSync(temporary, { recursive: true, force: true });
    try {
      mkdirSync(temporary);
    } catch (err) {
      throw new UsageError(`cannot write ${path}: ${unwritableReason(err)}`);
    }
    this.folders.push({ path, realPath: target.realPath, temporary });
    return {
      add: (name, content) => {
        checkName(name);
        this.refuseInput({ kind: 'file', path: join(path, name), realPath: join(target.realPath, name) });
        try {
          writeFileSync(join(temporary, name), content, { flag: 'wx' });
        } catch (err) {
          throw new UsageError(`cannot write ${join(path, name)}: ${unwritableReason(err)}`);
        }
        this.written.push({ path: join(path, name), sha256: sha256(content) });
      },
    };
  }

  /** Write devices and pipes, then rename every temporary file over its target. @throws UsageError */
  commit(): void {
    try {
      for (const s of this.staged) if (s.target.kind === 'stream') writeInPlace(s.target, s.content);
    } catch (err) {
      this.abort();
      throw err;
    }
    try {
      for (const s of this.staged) {
        if (s.target.kind === 'file') {
          replaceWith(s.temporary!, s.target);
          s.temporary = undefined;
        }
      }
    } catch (err) {
      // A rename failing (the folder made read-only meanwhile) leaves no temporary file behind.
      this.abort();
      throw err;
    }
    try {
      for (const f of this.folders) {
        renameSync(f.temporary, f.realPath);
        f.temporary = '';
      }
    } catch (err) {
      this.abort();
      throw new UsageError(`cannot write ${this.folders.find((f) => f.temporary !== '')?.path}: ${unwritableReason(err)}`);
    }
    for (const s of this.staged) this.write.stderr(`wrote ${s.target.path}\n`);
    for (const f of this.folders) this.write.stderr(`wrote ${f.path}${f.path.endsWith('/') ? '' : '/'} (a new folder)\n`);
    this.staged.length = 0;
    this.folders.length = 0;
  }

  /** Remove every temporary file and folder: the run failed, nothing is written. */
  abort(): void {
    for (const s of this.staged) if (s.temporary) rmSync(s.temporary, { force: true });
    for (const f of this.folders) if (f.temporary !== '') rmSync(f.temporary, { recursive: true, force: true });
    this.staged.length = 0;
    this.folders.length = 0;
  }

  private refuseInput(target: OutputTarget, flag?: string): void {
    if (target.kind !== 'file') return;
    const input = this.inputs.get(target.realPath) ?? this.read().find((f) => f.realPath === target.realPath)?.path;
    if (input !== undefined) {
      throw new UsageError(
        `${flag ? `${flag} ` : 'cannot write '}${target.path}${flag ? ' would overwrite' : ': it is'} an input of this run${input === target.path ? '' : ` (${input})`}: lacproj never writes over its inputs; give another file name`,
      );
    }
  }
}

/** A file's real path, or for a folder the real paths of the files in it (SSDA903 returns). */
function filesOf(path: string): string[] {
  try {
    const real = realpathSync(path);
    if (!statSync(real).isDirectory()) return [real];
    return readdirSync(real).map((name) => {
      try {
        return realpathSync(join(real, name));
      } catch {
        return join(real, name);
      }
    });
  } catch {
    return [resolve(path)]; // missing: the reader will say so
  }
}
