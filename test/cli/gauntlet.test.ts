import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, root, runCli, runProcess, type RunResult } from './run.js';

// Hostile and careless input, tried as a security-minded user would (issue 12): every case ends in
// one message and exit code 1 (or runs, where the input is odd but fine), with no stack trace, no
// output file left behind and every input intact.

const DATA = join(root, 'data');
const HISTORY = join(DATA, 'tower-hamlets-cla-history.csv');
const ESTIMATES = join(DATA, 'tower-hamlets-population-0-17-estimates.csv');
const PROJECTION = join(DATA, 'ons-2022-snpp-tower-hamlets-age-0-17.csv');
const POPULATION = ['--population', ESTIMATES, '--population', PROJECTION];
/** Tower Hamlets' estimates without area columns: they apply to a history without them. */
const UNNAMED_POPULATION = ['--population', fixture('good/population-to-2025.csv')];
const LONDON_HISTORY = fixture('good/london-and-north-northants-history.csv');
const LONDON_POPULATION = fixture('good/london-and-north-northants-population.csv');
/** A fixed "today" so that the future-year check does not depend on the clock. */
const TODAY = { LACPROJ_TODAY: '2026-11-27' };

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-gauntlet-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const stackTrace = /\n\s+at .+:\d+:\d+\)?\n/;

interface Expected {
  code?: number;
  /** The message on stderr. */
  message: RegExp;
  /** Files that must not exist afterwards. */
  absent?: string[];
  /** Files that must be byte-identical afterwards. */
  intact?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Run the CLI and check the gauntlet's rules: code, message, no stack, no output, inputs intact. */
async function attempt(args: string[], expected: Expected): Promise<RunResult> {
  const intact = [HISTORY, ESTIMATES, PROJECTION, ...(expected.intact ?? [])].filter((p) => existsSync(p) && statSync(p).isFile());
  const before = new Map(intact.map((p) => [p, hash(p)]));
  const result = await runCli(args, { env: { ...TODAY, ...expected.env }, cwd: expected.cwd });
  const code = expected.code ?? 1;
  expect(result.stderr, 'stderr').toMatch(expected.message);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).not.toMatch(stackTrace);
  expect(result.stderr).not.toMatch(/unexpected problem inside lacproj/);
  if (code !== 0) expect(result.stdout).toBe('');
  for (const path of expected.absent ?? []) expect(existsSync(path), `${path} should not exist`).toBe(false);
  for (const [path, digest] of before) expect(hash(path), `${path} changed`).toBe(digest);
  return result;
}

/** No temporary files of lacproj left in a folder. */
function expectNoTemporaries(dir: string) {
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
}

const hasDevice = (path: string) => existsSync(path) && statSync(path).isCharacterDevice();
const canMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

describe('writing outputs', () => {
  it.runIf(hasDevice('/dev/full'))('--out /dev/full: a clear error, and the device stays a device', async () => {
    await attempt(['project', '--format', 'csv', '--out', '/dev/full'], {
      message: /cannot write \/dev\/full: no space left on the device/,
    });
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it.runIf(hasDevice('/dev/null'))('--out /dev/null is written in place, not replaced by a file', async () => {
    await attempt(['project', '--format', 'csv', '--out', '/dev/null'], { code: 0, message: /wrote \/dev\/null/ });
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.runIf(canMkfifo)('a named pipe is written in place', async () => {
    const dir = folder();
    const pipe = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    // A reader on the other end: the shell copies the pipe into a file.
    const result = spawnSync(
      'sh',
      [
        '-c',
        `cat "${pipe}" > "${join(dir, 'copy.csv')}" & "${process.execPath}" "${root}bin/lacproj.js" project --format csv --out "${pipe}"; wait`,
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(result.status).toBe(0);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, 'copy.csv'), 'utf8')).toMatch(/^area_code,area_name,method,year/);
  });

  it('--out - is stdout', async () => {
    const result = await attempt(['project', '--format', 'csv', '--out', '-'], { code: 0, message: /note:/ });
    expect(result.stdout).toMatch(/^area_code,area_name,method,year/);
  });

  it("--out naming one of the run's inputs is refused before any work, and the input is intact", async () => {
    const dir = folder();
    const history = join(dir, 'history.csv');
    writeFileSync(history, readFileSync(HISTORY));
    await attempt(['project', '--history', history, ...POPULATION, '--out', history], {
      message: /--out .*history\.csv would overwrite an input of this run/,
      intact: [history],
    });
  });

  it('--out reaching a bundled input through a symbolic link is refused', async () => {
    const dir = folder();
    symlinkSync(HISTORY, join(dir, 'link.csv'));
    await attempt(['project', '--format', 'csv', '--out', join(dir, 'link.csv')], {
      message: /cannot write .*link\.csv: it is an input of this run \(data\/tower-hamlets-cla-history\.csv\)/,
    });
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
  });

  it('two outputs that are the same file (through a link) are refused', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.csv'), 'keep');
    symlinkSync(join(dir, 'a.csv'), join(dir, 'b.csv'));
    await attempt(['project', '--out', join(dir, 'a.csv'), '--detail', join(dir, 'b.csv')], {
      message: /are the same file: give each output its own name/,
      intact: [join(dir, 'a.csv')],
    });
  });

  it('an output that is a folder is refused', async () => {
    await attempt(['project', '--out', folder()], { message: /is a folder: give a file name/ });
  });

  it('a run that fails after handing over one output leaves none', async () => {
    const dir = folder();
    const [detail, chart, out] = ['detail.csv', 'chart.svg', 'out.csv'].map((n) => join(dir, n));
    // --detail is handed over first, then --chart refuses several areas.
    await attempt(
      [
        'project',
        '--history',
        LONDON_HISTORY,
        '--population',
        LONDON_POPULATION,
        '--area',
        'all',
        '--methods',
        'avg3',
        '--to',
        '2024',
        '--detail',
        detail!,
        '--chart',
        chart!,
        '--out',
        out!,
      ],
      {
        message: /--chart draws one area/,
        absent: [detail!, chart!, out!],
      },
    );
    expectNoTemporaries(dir);
  });

  it.runIf(hasDevice('/dev/full'))('a run whose last output fails leaves none of the others, nor the manifest', async () => {
    const dir = folder();
    const [forecasts, metrics, manifest] = ['forecasts.csv', 'metrics.csv', 'run.json'].map((n) => join(dir, n));
    await attempt(
      [
        'backtest',
        '--methods',
        'naive',
        '--simulations',
        '40',
        '--forecasts',
        forecasts!,
        '--metrics',
        metrics!,
        '--out',
        '/dev/full',
        '--manifest',
        manifest!,
      ],
      {
        message: /no space left on the device/,
        absent: [forecasts!, metrics!, manifest!],
      },
    );
    expectNoTemporaries(dir);
  });

  it("temporary files left by killed runs are removed once their process is gone; a live run's are kept", async () => {
    const dir = folder();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = join(dir, `.out.csv.${dead.stdout}.tmp`);
    const live = join(dir, `.out.csv.${process.pid}.tmp`);
    writeFileSync(stale, 'half a fi');
    writeFileSync(live, 'being written');
    // a process of its own: the test's pid stands for a live run's
    const run = runProcess(['project', '--format', 'csv', '--out', join(dir, 'out.csv')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/note: removed .*\.out\.csv\.\d+\.tmp, left by a run that was stopped while writing/);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toMatch(/^area_code/);
  });
});

describe('bounds on input', () => {
  it('--history /dev/zero ends at once with exit code 1', async () => {
    const started = Date.now();
    await attempt(['project', '--history', '/dev/zero', ...POPULATION], {
      message: /\/dev\/zero: cannot read it: expected a regular file or a pipe, found a device/,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a 600 MB file is refused by its size, before it is read', async () => {
    const dir = folder();
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'year,cla\n');
    truncateSync(big, 600 * 1024 * 1024); // sparse: no disk used
    await attempt(['project', '--history', big, ...POPULATION], {
      message:
        /big\.csv: the file is over the limit of 256 MiB \(--max-file-size\): found 600\.0 MiB; to allow it, raise the limit, e\.g\. --max-file-size 1G/,
    });
  });

  it('a 10 MB field is refused naming the line and the option', async () => {
    const dir = folder();
    const history = join(dir, 'field.csv');
    writeFileSync(history, `year,cla\n2024,300\n2025,${'9'.repeat(10_000_000)}\n`);
    await attempt(['project', '--history', history, ...POPULATION], {
      message: /field\.csv line 3: a line is over the limit of 1,048,576 characters \(--max-line-length\)/,
    });
  });

  it('a field over --max-field-length names the line and column', async () => {
    const dir = folder();
    const history = join(dir, 'h.csv');
    writeFileSync(history, `year,cla,area_name\n2024,300,${'x'.repeat(500)}\n`);
    await attempt(['project', '--max-field-length', '100', '--history', history, ...POPULATION], {
      message:
        /h\.csv line 2, column "area_name": a field is over the limit of 100 characters \(--max-field-length\): found 500 characters/,
    });
  });

  it('a quote left open swallowing the file is stopped at the record bound', async () => {
    const dir = folder();
    const history = join(dir, 'open.csv');
    writeFileSync(history, `year,cla\n2024,"300\n${'2025,301\n'.repeat(2000)}`);
    await attempt(['project', '--max-line-length', '1000', '--history', history, ...POPULATION], {
      message: /open\.csv line \d+: a record is over the limit of 1,000 characters \(--max-line-length\).*a quote left open\?/,
    });
  });

  it('--max-file-size names the file and the option', async () => {
    await attempt(['project', '--max-file-size', '1K'], {
      message: /data\/tower-hamlets-cla-by-age\.csv: the file is over the limit of 1 KiB \(--max-file-size\)/,
    });
  });

  it('--max-areas', async () => {
    await attempt(['project', '--max-areas', '2', '--history', LONDON_HISTORY, '--population', LONDON_POPULATION, '--area', 'all'], {
      message: /the number of areas in the (history|population file) is over the limit of 2 areas \(--max-areas\)/,
    });
  });

  it('--simulations x years', async () => {
    await attempt(['project', '--simulations', '1000000', '--to', '2200'], {
      message: /the simulation is over the limit of 10,000,000 path-years \(--max-simulation-years\): found 1,000,000 paths x 175 years/,
    });
  });
});

describe('identity: one GSS code, one DfE number, one name per area', () => {
  const history = (rows: string) => {
    const dir = folder();
    const path = join(dir, 'h.csv');
    writeFileSync(path, `area_code,dfe_code,area_name,year,cla\n${rows}`);
    return path;
  };
  const run = (rows: string, message: RegExp) =>
    attempt(
      ['project', '--history', history(rows), '--population', LONDON_POPULATION, '--area', 'all', '--methods', 'avg3', '--to', '2024'],
      { message },
    );

  it('two areas sharing a DfE number', async () => {
    await run(
      'E09000001,201,City of London,2020,10\nE09000002,201,Barking and Dagenham,2020,300\n',
      /h\.csv line 3: DfE number 201 is City of London \(E09000001, 201\) on .*h\.csv line 2 but Barking and Dagenham \(E09000002, 201\) here/,
    );
  });

  it('a GSS code with two names', async () => {
    await run(
      'E09000001,201,City of London,2020,10\nE09000001,,Camden,2021,300\n',
      /h\.csv line 3: GSS code E09000001 is "City of London" on .*h\.csv line 2 but "Camden" here/,
    );
  });

  it('a GSS code with two DfE numbers', async () => {
    await run(
      'E09000001,201,City of London,2020,10\nE09000001,202,City of London,2021,12\n',
      /GSS code E09000001 has DfE number 201 on .*h\.csv line 2 but 202 here/,
    );
  });

  it('one area-year under two codes', async () => {
    await run(
      'E06000048,929,Northumberland,2020,500\nE06000057,929,Northumberland,2020,510\n',
      /h\.csv line 3, column "year": Northumberland .* 2020 is given twice, on line 2/,
    );
  });

  it('spellings of one name and a changed code are one area, not a conflict', async () => {
    const path = history(
      'E06000048,929,Northumberland,2019,500\nE06000057,929,NORTHUMBERLAND,2020,510\nE06000057,929,Northumberland,2021,520\n',
    );
    const result = await runCli(
      ['project', '--history', path, '--population', LONDON_POPULATION, '--area', 'all', '--methods', 'avg3', '--to', '2022'],
      { env: TODAY },
    );
    expect(result.stderr).not.toMatch(/an area must have one GSS code/);
  });
});

describe('plausibility', () => {
  const simple = (rows: string) => {
    const dir = folder();
    const path = join(dir, 'h.csv');
    writeFileSync(path, `year,cla,uasc\n${rows}`);
    return path;
  };

  it('more children in care than children', async () => {
    await attempt(['project', '--history', simple('2023,300,10\n2024,5000000,10\n2025,310,10\n'), ...UNNAMED_POPULATION], {
      message: /h\.csv line 3, column "cla": h 2024: 5,000,000 children in care but [\d,]+ children aged 0-17 live there/,
    });
  });

  it('a population of 10^12', async () => {
    const dir = folder();
    const population = join(dir, 'p.csv');
    writeFileSync(population, 'mid_year,population_0_17\n2023,1000000000000\n');
    await attempt(['project', '--history', simple('2024,300,10\n'), '--population', population], {
      message: /p\.csv line 2: mid-2023: 1,000,000,000,000 children aged 0-17 is more than live in England/,
    });
  });

  it('a history year after the current one (today fixed at 27 November 2026)', async () => {
    await attempt(['project', '--history', simple('2025,300,10\n2026,310,10\n2027,320,10\n'), ...POPULATION], {
      message:
        /h\.csv line 4, column "year": h has a count for 31 March 2027, which is in the future \(today is 2026-11-27\): expected years up to 2026/,
    });
  });

  it('more UASC than children in care', async () => {
    await attempt(['project', '--history', simple('2024,300,400\n2025,310,10\n'), ...POPULATION], {
      message: /h\.csv line 2, column "uasc": h 2024: 400 unaccompanied asylum-seeking children in care but 300 children in care in all/,
    });
  });

  it('a negative count and a number too large to hold', async () => {
    await attempt(['project', '--history', simple('2024,-3,1\n'), ...POPULATION], {
      message: /h\.csv line 2, column "cla": expected a whole number of children, got a negative number "-3"/,
    });
    await attempt(['project', '--history', simple(`2024,1${'0'.repeat(400)},1\n`), ...POPULATION], {
      message: /column "cla": expected a whole number of children, got a number too large to hold/,
    });
  });

  it('warns of a rate above 400 per 10,000 and a jump of more than half, naming the line, and runs', async () => {
    const result = await attempt(
      [
        'project',
        '--methods',
        'avg3',
        '--to',
        '2025',
        '--history',
        simple('2020,290,10\n2021,295,10\n2022,300,10\n2023,3000,10\n2024,3100,10\n'),
        ...UNNAMED_POPULATION,
      ],
      { code: 0, message: /warning: .*h\.csv line 5: h 2023: 465 children in care per 10,000 aged 0-17 \(3,000 of 64,542\)/ },
    );
    expect(result.stderr).toMatch(/warning: .*h\.csv line 5: h 2023: 3,000 children in care after 300 in 2022 \(\+900%\)/);
  });
});

describe('encodings', () => {
  const utf8 = `area_code,area_name,year,cla\n${[2021, 2022, 2023, 2024, 2025].map((y) => `E09000030,Tŵr Hamlets é,${y},${y - 1720}`).join('\n')}\n`;

  it('UTF-16 LE and BE with a BOM read as their UTF-8 twin', async () => {
    const dir = folder();
    const paths = { utf8: join(dir, 'u8.csv'), le: join(dir, 'le.csv'), be: join(dir, 'be.csv') };
    writeFileSync(paths.utf8, utf8);
    writeFileSync(paths.le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]));
    writeFileSync(paths.be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf8, 'utf16le').swap16()]));
    const outputs = [];
    for (const p of Object.values(paths))
      outputs.push(await runCli(['project', '--history', p, ...POPULATION, '--methods', 'avg3', '--format', 'csv']));
    for (const o of outputs) expect(o.code, o.stderr).toBe(0);
    expect(outputs[0]!.stdout).toContain('Tŵr Hamlets é');
    expect(outputs[1]!.stdout).toBe(outputs[0]!.stdout);
    expect(outputs[2]!.stdout).toBe(outputs[0]!.stdout);
  });

  it("Windows-1252 (Excel's CSV) is read with a note, names intact", async () => {
    const dir = folder();
    const path = join(dir, 'excel.csv');
    writeFileSync(
      path,
      Buffer.from(
        `area_code,area_name,year,cla\n${[2021, 2022, 2023, 2024, 2025].map((y) => `E09000030,Southwark Caf\xe9,${y},${y - 1720}`).join('\n')}\n`,
        'latin1',
      ),
    );
    const result = await attempt(['project', '--history', path, ...POPULATION, '--methods', 'avg3', '--format', 'csv'], {
      code: 0,
      message: /note: .*excel\.csv: not valid UTF-8 \(line 2, byte 0xe9\): read as Windows-1252/,
    });
    expect(result.stdout).toContain('Southwark Café');
    expect(result.stdout).not.toContain('\uFFFD');
  });

  it('UTF-16 without a BOM, a workbook and a binary file are refused with what they look like', async () => {
    const dir = folder();
    const files = { noBom: join(dir, 'nobom.csv'), xlsx: join(dir, 'book.csv'), binary: join(dir, 'bin.csv') };
    writeFileSync(files.noBom, Buffer.from(utf8, 'utf16le'));
    writeFileSync(files.xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    writeFileSync(files.binary, Buffer.from('year,cla\n2024,3\u0000\n'));
    await attempt(['project', '--history', files.noBom, ...POPULATION], {
      message: /nobom\.csv: expected CSV text, found UTF-16 without a byte-order mark/,
    });
    await attempt(['project', '--history', files.xlsx, ...POPULATION], {
      message: /book\.csv: expected CSV text, found a zip file \(an Excel \.xlsx workbook\?\)/,
    });
    await attempt(['project', '--history', files.binary, ...POPULATION], { message: /bin\.csv line 2: expected text, found a NUL byte/ });
  });
});

describe('scenario files', () => {
  const scenario = (text: string) => {
    const dir = folder();
    const path = join(dir, 's.yaml');
    writeFileSync(path, text);
    return path;
  };

  it('a YAML alias bomb', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const previous = 'abcdefg'[i]!;
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    await attempt(['scenario', '--scenario', scenario(`name: bomb\n${levels.join('\n')}\n`)], {
      message: /s\.yaml: cannot read the scenario as YAML or JSON: too many aliases/,
    });
  });

  it('1e308, .inf and absurd numbers name the line and field', async () => {
    await attempt(['scenario', '--scenario', scenario('name: x\nuasc_arrivals: 1e308\n')], {
      message: /s\.yaml line 2, column "uasc_arrivals": number must be less than or equal to 10000, got 1e\+308/,
    });
    await attempt(['scenario', '--scenario', scenario('name: x\nentry_rate:\n  - factor: .inf\n')], {
      message: /s\.yaml line 3, column "entry_rate\[0\]\.factor": number must be finite/,
    });
    await attempt(['scenario', '--scenario', scenario('name: x\nuasc_arrivals: {2027: 1e300}\n')], {
      message: /column "uasc_arrivals\.2027": number must be less than or equal to 10000/,
    });
    await attempt(['scenario', '--scenario', scenario('name: x\nentry_rate:\n  - factor: 1000\n')], {
      message: /line 3, column "entry_rate\[0\]\.factor": number must be less than or equal to 10, got 1000/,
    });
  });
});

describe('SSDA903 returns', () => {
  const returns = () => {
    const dir = folder();
    const episodes = join(dir, 'returns');
    mkdirSync(episodes);
    for (const name of ['2019-episodes.csv', '2019-header.csv', '2020-episodes.csv'])
      writeFileSync(join(episodes, name), readFileSync(fixture(`ssda903-hand/${name}`)));
    return episodes;
  };

  it('a symbolic link that loops', async () => {
    const episodes = returns();
    symlinkSync('loop.csv', join(episodes, 'loop.csv'));
    await attempt(['episodes', 'summarise', '--episodes', episodes], {
      message: /loop\.csv: cannot read the file: a symbolic link that loops back on itself/,
    });
  });

  it.runIf(canMkfifo)('a pipe in the folder is refused, not waited on', async () => {
    const episodes = returns();
    expect(spawnSync('mkfifo', [join(episodes, 'wait.csv')]).status).toBe(0);
    await attempt(['episodes', 'summarise', '--episodes', episodes], {
      message: /wait\.csv: cannot read it: expected a regular file, found a pipe/,
    });
  });

  it('/dev/zero as returns', async () => {
    await attempt(['episodes', 'summarise', '--episodes', '/dev/zero'], {
      message: /\/dev\/zero: cannot read it: expected a regular file, found a device/,
    });
  });

  it('an episodes file lacking columns the analysis needs', async () => {
    const episodes = returns();
    writeFileSync(join(episodes, '2018-episodes.csv'), 'CHILD,DECOM,RNE,LS\nA,01/05/2017,S,C2\n');
    await attempt(['episodes', 'summarise', '--episodes', episodes], {
      message: /2018-episodes\.csv line 1: the SSDA903 episodes file lacks columns PLACE, DEC, which the analysis needs/,
    });
  });

  it('a line without an end is stopped at the line bound', async () => {
    const episodes = returns();
    writeFileSync(join(episodes, '2021-episodes.csv'), `CHILD,DECOM,RNE,PLACE,DEC\n${'A'.repeat(3_000_000)}`);
    await attempt(['episodes', 'summarise', '--episodes', episodes], {
      message: /2021-episodes\.csv line 2: a line is over the limit of 1,048,576 characters \(--max-line-length\)/,
    });
  });
});

describe('rerun: a manifest is untrusted', () => {
  /** A real manifest in a folder of its own, and a way to write edited copies. */
  async function recorded() {
    const dir = folder();
    const run = await runCli(
      ['project', '--format', 'csv', '--out', 'p.csv', '--to', '2027', '--simulations', '50', '--manifest', 'run.json'],
      {
        cwd: dir,
        env: TODAY,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    const edited = (name: string, change: (m: Record<string, unknown>) => unknown) => {
      const copy = structuredClone(manifest);
      const replaced = change(copy);
      writeFileSync(join(dir, name), typeof replaced === 'string' ? replaced : JSON.stringify(replaced ?? copy));
      return name;
    };
    return { dir, manifest, edited };
  }

  it('every malformed manifest is exit code 1 naming the field', async () => {
    const { dir, edited } = await recorded();
    const cases: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
      [
        'self.json',
        (m) => void (m.command = ['rerun', 'self.json']),
        /self\.json column "command\[0\]": the recorded command is not one lacproj runs: a manifest cannot rerun a manifest/,
      ],
      ['null-cwd.json', (m) => void (m.cwd = null), /column "cwd": not a lacproj run manifest: expected string, received null/],
      ['no-cwd.json', (m) => void delete m.cwd, /column "cwd": not a lacproj run manifest: this field is required/],
      [
        'types.json',
        (m) => void (m.inputs = 'all of them'),
        /column "inputs": not a lacproj run manifest: expected array, received string/,
      ],
      ['null.json', () => 'null', /null\.json: not a lacproj run manifest: expected object, received null/],
      ['not-json.json', () => '{"command": [', /not-json\.json: not a lacproj run manifest: expected JSON/],
      ['unknown.json', (m) => void (m.command as string[]).push('--rm-rf'), /unknown option "--rm-rf" for project/],
      ['manifest.json', (m) => void (m.command as string[]).push('--manifest', 'x.json'), /--manifest is not recorded in the command/],
      [
        'zero.json',
        (m) => void (m.inputs as unknown[]).push({ file: '/dev/zero', sha256: '0'.repeat(64) }),
        /zero\.json: input \/dev\/zero of the manifest: cannot read it: expected a regular file, found a device/,
      ],
      [
        'hash.json',
        (m) => void ((m.inputs as { sha256: string }[])[0]!.sha256 = 'not a hash'),
        /column "inputs\[0\]\.sha256": not a lacproj run manifest: expected a SHA-256/,
      ],
    ];
    for (const [name, change, message] of cases) {
      await attempt(['rerun', edited(name, change), '--into', `again-${name}`], {
        cwd: dir,
        message,
        absent: [join(dir, `again-${name}`, 'p.csv')],
      });
    }
  });

  it('a manifest edited to write elsewhere writes into the fresh folder, never over the other file', async () => {
    const { dir, edited } = await recorded();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const name = edited(
      'evil.json',
      (m) => void (m.command = ['project', '--format', 'csv', '--to', '2027', '--simulations', '50', '--out', victim]),
    );
    await attempt(['rerun', name, '--into', 'again'], {
      cwd: dir,
      message: /not reproduced: p\.csv \(not an output of the recorded command\) differ/,
      intact: [victim],
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'again', 'victim.txt'))).toBe(true);
  });

  it('without --into the outputs go to a new temporary folder, which is named', async () => {
    const { dir } = await recorded();
    const before = readFileSync(join(dir, 'p.csv'));
    const result = await attempt(['rerun', 'run.json'], {
      cwd: dir,
      code: 0,
      message: /reproduced: 1 output file and stdout are byte-identical to the manifest; the outputs are in (\S+)/,
    });
    const into = /the outputs are in (\S+)/.exec(result.stderr)![1]!;
    expect(readFileSync(join(into, 'p.csv'))).toEqual(before);
    rmSync(into, { recursive: true, force: true });
  });

  it.runIf(canMkfifo)('a manifest naming a pipe as input is refused, not waited on', async () => {
    const { dir, edited } = await recorded();
    expect(spawnSync('mkfifo', [join(dir, 'pipe.csv')]).status).toBe(0);
    const name = edited('pipe.json', (m) => void (m.command = ['project', '--history', 'pipe.csv', ...POPULATION, '--out', 'p.csv']));
    await attempt(['rerun', name, '--into', 'again'], {
      cwd: dir,
      message: /pipe\.csv: cannot read it: expected a regular file, found a pipe/,
    });
  });

  it('--out - is recorded as stdout, and reruns', async () => {
    const dir = folder();
    expect(
      (
        await runCli(['project', '--format', 'csv', '--out', '-', '--to', '2027', '--simulations', '50', '--manifest', 'run.json'], {
          cwd: dir,
          env: TODAY,
        })
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).outputs).toEqual([]);
    await attempt(['rerun', 'run.json', '--into', 'again'], {
      cwd: dir,
      code: 0,
      message: /reproduced: 0 output files and stdout are byte-identical/,
    });
  });

  it('--into a folder that is not empty is refused', async () => {
    const { dir } = await recorded();
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'x'), 'x');
    await attempt(['rerun', 'run.json', '--into', 'full'], { cwd: dir, message: /--into full is not empty/ });
  });
});
