import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputTransaction } from '../../src/io/outputs.js';
import { temporaryFolder } from '../cli/run.js';

// A folder output (report --area all --out DIR) goes through the run's transaction like any other:
// nothing appears until the whole run has succeeded, and a failed run leaves nothing.
const quiet = { stdout: () => {}, stderr: () => {} };

describe('a folder output', () => {
  const root = temporaryFolder('lacproj-folder-');

  it('a new folder is made whole beside its name and appears only at commit', () => {
    const target = join(root, 'pages');
    const run = new OutputTransaction(quiet);
    run.checkPlanned({ inputs: [], outputs: [{ flag: '--out', path: target, folder: true }] });
    const folder = run.stageFolder(target);
    folder.add('a.html', '<p>a</p>');
    folder.add('index.html', '<p>index</p>');
    expect(existsSync(target)).toBe(false);
    run.commit();
    expect(readdirSync(target).sort()).toEqual(['a.html', 'index.html']);
    expect(readFileSync(join(target, 'a.html'), 'utf8')).toBe('<p>a</p>');
    expect(run.written.map((w) => w.path)).toEqual([join(target, 'a.html'), join(target, 'index.html')]);
    // nothing of the temporary folder is left beside it
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a failed run leaves no folder and no temporary folder', () => {
    const target = join(root, 'failed');
    const run = new OutputTransaction(quiet);
    run.stageFolder(target).add('a.html', 'x');
    run.abort();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes('failed'))).toEqual([]);
  });

  it('into a folder that exists: its files of the same names are replaced at commit, the others left', () => {
    const target = join(root, 'existing');
    mkdirSync(target);
    writeFileSync(join(target, 'a.html'), 'old');
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const run = new OutputTransaction(quiet);
    run.stageFolder(target).add('a.html', 'new');
    expect(readFileSync(join(target, 'a.html'), 'utf8')).toBe('old');
    run.commit();
    expect(readFileSync(join(target, 'a.html'), 'utf8')).toBe('new');
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a file where the folder should be, or a missing parent folder, is refused before any work', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const run = new OutputTransaction(quiet);
    expect(() => run.checkPlanned({ inputs: [], outputs: [{ flag: '--out', path: file, folder: true }] })).toThrow(
      `cannot write ${file}: is not a folder: give a new name or a folder for the pages`,
    );
    const orphan = join(root, 'no', 'such', 'pages');
    expect(() => run.checkPlanned({ inputs: [], outputs: [{ flag: '--out', path: orphan, folder: true }] })).toThrow(
      /its parent folder does not exist/,
    );
  });

  it('the temporary folder of a run that was killed is removed the next time, once its process is gone', () => {
    const target = join(root, 'stale');
    // pid 2^22 + 1 is above Linux's largest: no such process
    const stale = join(root, `.stale.${2 ** 22 + 1}.tmp`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'half.html'), 'half');
    const notes: string[] = [];
    const run = new OutputTransaction({ stdout: () => {}, stderr: (t) => notes.push(t) });
    run.stageFolder(target).add('a.html', 'a');
    expect(existsSync(stale)).toBe(false);
    expect(notes.join('')).toMatch(/note: removed .*\.stale\.4194305\.tmp, left by a run that was stopped while writing/);
    run.abort();
  });
});
