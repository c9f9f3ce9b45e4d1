import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// ../shared/STYLE.md and docs/architecture.md: cli -> app, io, model, report; app -> io, model,
// report; io and report -> model; model -> simple-statistics only; errors.ts at the bottom. No import
// circles anywhere in src/.
const srcRoot = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every file under src/ (relative, e.g. `model/methods/avg3.ts`) with what it imports. */
const files = sourceFiles(srcRoot).map((path) => {
  const text = readFileSync(path, 'utf8');
  // static imports, `export ... from` and dynamic import('...') all count as dependencies
  const specifiers = [...text.matchAll(/(?:^import[^'"]*|^export[^'"]*from\s*|import\()\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const local = specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(srcRoot, resolve(dirname(path), s)).replace(/\.js$/, '.ts'));
  const packages = specifiers.filter((s) => !s.startsWith('.'));
  return { file: relative(srcRoot, path), text, local, packages };
});
const layerOf = (file: string) => file.split('/')[0]!.replace(/\.ts$/, '');

describe('dependency direction', () => {
  it('finds the source tree (a guard against a test that checks nothing)', () => {
    expect(files.filter((f) => f.file.startsWith('model/')).length).toBeGreaterThan(20);
    expect(files.some((f) => f.file === 'model/methods/avg3.ts')).toBe(true);
  });

  it('model/ imports only model/, errors.ts and simple-statistics (no fs, no clock, no other package)', () => {
    const bad = files
      .filter((f) => layerOf(f.file) === 'model')
      .flatMap((f) => [
        ...f.local.filter((to) => layerOf(to) !== 'model' && to !== 'errors.ts').map((to) => `${f.file} -> ${to}`),
        ...f.packages.filter((p) => p !== 'simple-statistics').map((p) => `${f.file} -> ${p}`),
      ]);
    expect(bad).toEqual([]);
  });

  it('app/ never imports cli/; io/ and report/ never import cli/ or app/, nor each other', () => {
    const upward: Record<string, string[]> = {
      app: ['cli'],
      io: ['cli', 'app', 'report'],
      report: ['cli', 'app', 'io'],
      errors: ['cli', 'app', 'io', 'report', 'model'],
      // the zip directory walker shared by the workbook reader and writer, like errors.ts at the bottom
      zip: ['cli', 'app', 'io', 'report', 'model', 'errors'],
    };
    const bad = files.flatMap((f) =>
      f.local.filter((to) => (upward[layerOf(f.file)] ?? []).includes(layerOf(to))).map((to) => `${f.file} -> ${to}`),
    );
    expect(bad).toEqual([]);
  });

  it('inside model/, a folder imports only its own files and the folders below it', () => {
    // lowest first: docs/architecture.md, "model/"
    const rank: Record<string, number> = {
      'ageBands.ts': 0,
      'types.ts': 0.5,
      stats: 1,
      population: 2,
      areas: 2,
      episodes: 2,
      methods: 3,
      projection: 4,
      evaluation: 5,
      sufficiency: 6,
    };
    const folderOf = (file: string) => file.split('/')[1]!;
    const bad = files
      .filter((f) => layerOf(f.file) === 'model')
      .flatMap((f) =>
        f.local
          .filter((to) => layerOf(to) === 'model')
          .filter((to) => {
            const [from, target] = [folderOf(f.file), folderOf(to)];
            if (rank[from] === undefined || rank[target] === undefined) return true; // a new folder: rank it here
            return from !== target && rank[target]! >= rank[from]!;
          })
          .map((to) => `${f.file} -> ${to}`),
      );
    expect(bad).toEqual([]);
  });

  it('has no import circle inside src/', () => {
    const graph = new Map(files.map((f) => [f.file, f.local]));
    const state = new Map<string, 'visiting' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const to of graph.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('only cli/ touches the process', () => {
    const bad = files
      .filter((f) => layerOf(f.file) !== 'cli')
      .filter((f) => /process\.(exit|stdout|stderr|exitCode|argv|chdir)|console\.log/.test(f.text))
      .map((f) => f.file);
    expect(bad).toEqual([]);
  });

  it('keeps the commands thin: no command file imports another, and cli/ is under 1,500 lines', () => {
    // cli/ files that declare no command: the entry point and what every command shares
    const shared = new Set(['cli/main.ts', 'cli/context.ts', 'cli/options.ts', 'cli/run.ts', 'cli/progress.ts']);
    const commands = files.filter((f) => layerOf(f.file) === 'cli' && !shared.has(f.file));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const bad = commands.flatMap((f) => f.local.filter((to) => layerOf(to) === 'cli' && !shared.has(to)).map((to) => `${f.file} -> ${to}`));
    expect(bad).toEqual([]);
    const lines = files.filter((f) => layerOf(f.file) === 'cli').reduce((n, f) => n + f.text.split('\n').length, 0);
    expect(lines).toBeLessThan(1500);
  });

  it('keeps no run state in a module: no top-level let, var or mutable collection outside the entry point', () => {
    // a constant table is declared Readonly (ReadonlyMap, ReadonlySet, readonly T[]); a cache is run state
    const mutable =
      /^(?:export )?(?:let|var) |^(?:export )?const \w+(?::(?! ?Readonly| ?readonly)[^=]+)? = (?:new (?:Map|Set|WeakMap|Array)\b|\[\]|\{\})/m;
    const bad = files.filter((f) => f.file !== 'cli/main.ts' && mutable.test(f.text)).map((f) => `${f.file}: ${mutable.exec(f.text)![0]}`);
    expect(bad).toEqual([]);
  });

  it('keeps source files under about 400 lines', () => {
    const long = files.map((f) => ({ file: f.file, lines: f.text.split('\n').length })).filter((f) => f.lines > 420);
    expect(long).toEqual([]);
  });

  it('gives every folder of model/ a README saying what it owns (docs/architecture.md lists them)', () => {
    const architecture = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
    const folders = readdirSync(join(srcRoot, 'model')).filter((n) => statSync(join(srcRoot, 'model', n)).isDirectory());
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      expect(readFileSync(join(srcRoot, 'model', folder, 'README.md'), 'utf8'), folder).toMatch(/may import/i);
      expect(architecture, folder).toContain(`model/${folder}/`);
    }
  });
});
