import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, temporaryFolder } from './run.js';

// The README's "Your council in five minutes" is examples/your-council.sh: run it as a user would,
// from a folder of their own against lacproj installed from its package (a council other than
// Tower Hamlets, from the bundled national files named "england"), and hold the README to it.
const script = readFileSync(`${root}examples/your-council.sh`, 'utf8');
const readme = readFileSync(`${root}README.md`, 'utf8');

function run(command: string, args: string[], options: SpawnSyncOptions): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return { stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * The package as `npm install -g --prefix PREFIX lacproj-X.tgz` lays it out, offline: `npm pack`
 * (dist is built by `npm test`), the tarball unpacked into PREFIX/lib/node_modules/lacproj, and
 * the bin linked into PREFIX/bin. Its dependencies are the project's own installed ones, linked
 * (installing them again from npm's cache took most of this test's time; that every package the
 * program imports is a dependency, not a development one, is checked on its own below). What is
 * tested is what the package ships and how it runs from elsewhere.
 */
function installPackage(folder: string): { prefix: string; packageDir: string } {
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: root });
  const tarball = join(folder, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const prefix = join(folder, 'global');
  const packageDir = join(prefix, 'lib', 'node_modules', 'lacproj');
  mkdirSync(packageDir, { recursive: true });
  run('tar', ['xzf', tarball, '-C', packageDir, '--strip-components=1'], {});
  symlinkSync(join(root, 'node_modules'), join(packageDir, 'node_modules'));
  mkdirSync(join(prefix, 'bin'));
  symlinkSync(join('..', 'lib', 'node_modules', 'lacproj', 'bin', 'lacproj.js'), join(prefix, 'bin', 'lacproj'));
  return { prefix, packageDir };
}

describe('Your council in five minutes', () => {
  it("shows the script's commands and the example files in the README, as they are", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${...}, not a template
    expect(readme).toContain(script.slice(script.indexOf('LACPROJ=${LACPROJ:-lacproj}')));
    for (const file of ['placements.csv', 'capacity.csv']) {
      for (const line of readFileSync(`${root}examples/${file}`, 'utf8').trim().split('\n')) expect(readme).toContain(line);
    }
    expect(readme).toContain(readFileSync(`${root}examples/costs.csv`, 'utf8').trim());
  });

  it('runs every command for Manchester from a folder of its own, against the installed package', () => {
    const folder = temporaryFolder('lacproj-installed-');
    const { prefix, packageDir } = installPackage(folder);
    // docs/ ships with the package (the README links to it), as do the data and the examples
    for (const file of ['docs/methods.md', 'docs/architecture.md', 'data/england/cla-history-2010-2022.csv', 'examples/your-council.sh']) {
      expect(existsSync(join(packageDir, file)), file).toBe(true);
    }
    const work = join(folder, 'work');
    mkdirSync(work);
    const walk = run('bash', [join(packageDir, 'examples', 'your-council.sh')], {
      cwd: work,
      env: {
        ...process.env,
        PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}`,
        EXAMPLES: join(packageDir, 'examples'),
        OUT: work,
        NO_COLOR: '1',
        CI: 'true',
      },
    });
    expect(walk.stdout).toMatch(/^Manchester \(E08000003, 352\): children looked after on 31 March\nRecommended: /m);
    expect(walk.stdout).toMatch(/^Backtest of Manchester \(E08000003, 352\): origins 2016-2021/m);
    expect(walk.stdout).toMatch(/Manchester \(E08000003, 352\): children looked after on 31 March by scenario/);
    // every output says where the bundled files end
    expect(walk.stdout).toMatch(/^Bundled data: DfE history to 31 March 2022 \(London to 2025\); ONS 0-17 estimates to mid-2024/m);
    expect(walk.stderr).toMatch(/wrote .*sufficiency\.xlsx/);
    expect(existsSync(join(work, 'sufficiency.xlsx'))).toBe(true);
  });
});

describe('the installed package needs only its dependencies', () => {
  it('every package the built program imports is a dependency, not a development one', () => {
    const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    const files = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.js') ? [path] : [];
      });
    const imported = new Set<string>();
    for (const file of files(join(root, 'dist'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:^import[^'"]*|^export[^'"]*from\s*|import\()\s*['"]([^'"./][^'"]*)['"]/gm)) {
        const specifier = m[1]!;
        if (specifier.startsWith('node:')) continue;
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((p) => !(p in manifest.dependencies))).toEqual([]);
  });
});
