import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rowXml, workbookEntries, zip } from '../helpers/zip.js';
import { fixture, root, runCli, runProcess, type RunResult } from './run.js';

// Hostile and careless input, second round (issue 21): nothing silently wrong, no crash on any
// workbook, nothing a terminal or a browser would obey. Every case ends in one message and exit
// code 1, or runs with the right result, with no stack trace and no output on failure. (The rerun
// and `--population <(cat file)` cases of the issue are the CLI restructuring's.)

const DATA = join(root, 'data');
const HISTORY = join(DATA, 'tower-hamlets-cla-history.csv');
const ESTIMATES = join(DATA, 'tower-hamlets-population-0-17-estimates.csv');
const PROJECTION = join(DATA, 'ons-2022-snpp-tower-hamlets-age-0-17.csv');
const POPULATION = ['--population', ESTIMATES, '--population', PROJECTION];
const SAMPLE = fixture('ssda903-sample');
/** A fixed "today", so that the future-year checks do not depend on the clock. */
const TODAY = { LACPROJ_TODAY: '2026-11-27' };
/**
 * A heap far below the 1 GB every input must stay within: a reader that expands a small file (a cell
 * at XFD, millions of shared strings) runs out of it instead of taking the machine's memory. (These
 * cases run the CLI as a process of its own: in-process, the test's own heap would apply.)
 */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=512' };

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-gauntlet2-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const file = (name: string, content: string | Buffer) => {
  const path = join(folder(), name);
  writeFileSync(path, content);
  return path;
};
const stackTrace = /\n\s+at .+:\d+:\d+\)?\n/;
/** ESC, the other C0 and C1 controls but tab and line ends, and the bidirectional controls. */
const RAW_CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the test
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  // a heap bound holds only for a process of its own
  if (env.NODE_OPTIONS !== undefined) return Promise.resolve(runProcess(args, { env: { ...TODAY, ...env } }));
  return runCli(args, { env: { ...TODAY, ...env } });
}

/** A run refused with exit code 1, one message, no stack and no output. */
async function refused(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<RunResult> {
  const result = await run(args, env);
  expect(result.stderr, 'stderr').toMatch(message);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toMatch(stackTrace);
  expect(result.stdout).toBe('');
  return result;
}

/** A run that succeeds. */
async function ran(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await run(args, env);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('SSDA903 rows no return can hold are set aside, never counted', () => {
  /** The shared sample with rows added to its last return (2021-episodes.csv, the return of 2021-22). */
  function sampleWith(episodes: string[], headers: string[] = []) {
    const dir = join(folder(), 'returns');
    cpSync(SAMPLE, dir, { recursive: true });
    const path = join(dir, '2021-episodes.csv');
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, before + episodes.join('\n') + '\n');
    writeFileSync(join(dir, '2021-header.csv'), readFileSync(join(dir, '2021-header.csv'), 'utf8') + headers.map((h) => `${h}\n`).join(''));
    const firstLine = before.trimEnd().split('\n').length + 1;
    return { dir, lines: episodes.map((_, i) => firstLine + i) };
  }
  /** The counts of an `episodes summarise` CSV, without the list of dropped and repaired rows. */
  const counts = (csv: string) =>
    csv
      .split('\n')
      .filter((l) => !/^,(dropped|repaired),/.test(l))
      .join('\n');
  const clean = async () => (await ran(['episodes', 'summarise', '--episodes', SAMPLE, '--format', 'csv'])).stdout;

  it('one start dated 01/01/2099 or 01/06/2030 does not move the return to 2098-99: the rows are set aside, the counts unchanged', async () => {
    const { dir, lines } = sampleWith(['900001,01/01/2099,S,C2,N1,U4,PR1,,,,,,', '900002,01/06/2030,S,C2,N1,U4,PR1,,,,,,']);
    const result = await ran(['episodes', 'summarise', '--episodes', dir, '--format', 'csv']);
    // on main: returns 2018-2099, 75 children in care on every 31 March to 2099, 2021's stock by placement changed
    expect(counts(result.stdout)).toBe(counts(await clean()));
    expect(result.stdout).not.toMatch(/^20(2[3-9]|[3-9]\d),stock/m);
    expect(result.stdout).toContain(
      `,dropped,${dir}/2021-episodes.csv line ${lines[0]},"starts (DECOM 01/01/2099) after 31 March 2022, the end of the return's year (2021-22): set aside"`,
    );
    expect(result.stdout).toContain(`,dropped,${dir}/2021-episodes.csv line ${lines[1]},"starts (DECOM 01/06/2030) after 31 March 2022`);
    // and project --episodes projects from the return's own year (on main: "base year 2099", naming no row)
    const args = ['--methods', 'flow', '--simulations', '40', '--to', '2027', '--format', 'csv'];
    const projected = await ran(['project', '--episodes', dir, ...args]);
    expect(projected.stderr).toMatch(/returns 2018-2022\); 2 rows dropped/);
    expect(projected.stdout).toBe((await ran(['project', '--episodes', SAMPLE, ...args])).stdout);
  });

  it('a start before 1900, before the child was born, or a child over 25 is set aside with file and line', async () => {
    const { dir, lines } = sampleWith(
      ['900003,01/01/1899,S,C2,N1,U4,PR1,,,,,,', '900004,01/05/2021,S,C2,N1,U4,PR1,,,,,,', '900005,01/05/2021,S,C2,N1,U4,PR1,,,,,,'],
      ['900004,1,01/01/2022,WBRI,X000000000001,,', '900005,1,01/01/1990,WBRI,X000000000002,,'],
    );
    const result = await ran(['episodes', 'summarise', '--episodes', dir, '--format', 'csv']);
    // on main: all three are counted in care on 31 March 2022 (and the 1899 start on every 31 March before)
    expect(counts(result.stdout)).toBe(counts(await clean()));
    expect(result.stdout).toContain(`,dropped,${dir}/2021-episodes.csv line ${lines[0]},start date (DECOM) 01/01/1899 is before 1900`);
    expect(result.stdout).toContain(
      `,dropped,${dir}/2021-episodes.csv line ${lines[1]},starts (DECOM 01/05/2021) before the child was born (DOB 01/01/2022): set aside`,
    );
    expect(result.stdout).toContain(
      `,dropped,${dir}/2021-episodes.csv line ${lines[2]},"the child (DOB 01/01/1990) would be 32 on 31/03/2022, over 25: set aside"`,
    );
  });
});

describe('nothing silently wrong', () => {
  it('placement counts of nothing but zeros are refused, as a --mix adding up to 1.4 is', async () => {
    const zeros = file(
      'zeros.csv',
      'year,placement_type,count\n2024,in-house foster,0\n2024,IFA foster,0\n2024,residential,0\n2024,other,0\n',
    );
    // on main: 281 projected children become 0 placements at 0 pounds, exit 0
    await refused(
      ['sufficiency', '--placements', zeros, '--to', '2027'],
      /the placement mix shares out none of the children projected for 2026: the placement counts of 2024 add up to 0/,
    );
    const mix = file('mix.csv', 'placement_type,share\nfoster,0.8\nresidential,0.6\n');
    await refused(['sufficiency', '--mix', mix, '--to', '2027'], /shares add up to 1\.400, not 1/);
  });

  it('a workbook with two sheets named "persons", or two entries of one name, is refused: the last no longer wins', async () => {
    const estimates = readFileSync(ESTIMATES, 'utf8').trim().split('\n').slice(1);
    const sheet = (scale: number) =>
      rowXml(1, ['mid_year', 'population_0_17']) +
      estimates.map((l, i) => rowXml(i + 2, [Number(l.split(',')[3]), Math.round(Number(l.split(',')[4]) * scale)])).join('');
    // the second sheet's population is ten times the first's: on main it was read, and every rate was ten times too low
    const twoSheets = file(
      'two.xlsx',
      zip(
        workbookEntries([
          ['persons', sheet(1)],
          ['persons', sheet(10)],
        ]),
      ),
    );
    await refused(
      ['project', '--population', twoSheets, '--population', PROJECTION],
      /two\.xlsx: cannot read the file as an xlsx workbook: two sheets are named "persons"/,
    );
    const entries = workbookEntries([['persons', sheet(1)]]);
    const twoEntries = file(
      'entries.xlsx',
      zip([
        ...entries,
        { ...entries[2]!, data: entries[2]!.data.replace(/<sheetData>.*<\/sheetData>/, `<sheetData>${sheet(10)}</sheetData>`) },
      ]),
    );
    await refused(['project', '--population', twoEntries, '--population', PROJECTION], /two entries are named xl\/worksheets\/sheet1\.xml/);
  });

  it('two columns of one name are refused in any CSV reader: the first is no longer used', async () => {
    // a second "cla" column, of ones (on main the first was used); and a second "year"
    const lines = readFileSync(HISTORY, 'utf8').trimEnd().split('\n');
    const twoCla = file('h.csv', `${lines.map((l, i) => (i === 0 ? `${l},CLA` : `${l},1`)).join('\n')}\n`);
    await refused(
      ['project', '--history', twoCla, ...POPULATION],
      /h\.csv line 1, column "CLA": two columns are named "CLA" \(columns 5 and 9\)/,
    );
    const twoYears = file('p.csv', 'year,mid_year,population_0_17,year\n2024,2023,60000,2020\n');
    await refused(
      ['project', '--population', twoYears, '--population', PROJECTION],
      /p\.csv line 1, column "year": two columns are named "year"/,
    );
  });

  it('two weekly costs of one type, or one placement type and year twice, are refused naming the file and both lines', async () => {
    const costs = file('costs.csv', 'placement_type,weekly_cost\nresidential,3830\nIFA foster,820\nresidential,6000\n');
    await refused(
      ['sufficiency', '--costs', costs, '--to', '2027'],
      /costs\.csv line 4, column "placement_type": a weekly cost of residential is given twice, on lines 2 and 4/,
    );
    const placements = readFileSync(join(DATA, 'tower-hamlets-placements.csv'), 'utf8');
    const twice = file('placements.csv', `${placements.trimEnd()}\n2024,residential,19\n`);
    const last = placements.trimEnd().split('\n').length + 1;
    const first = placements.split('\n').indexOf('2024,residential,19') + 1;
    // on main the two were summed: 38 children in residential homes on 31 March 2024
    await refused(
      ['sufficiency', '--placements', twice, '--to', '2027'],
      new RegExp(
        `placements\\.csv line ${last}, column "placement_type": residential on 31 March 2024 is given twice, on lines ${first} and ${last}`,
      ),
    );
  });

  it('placements dated 2030 are refused, not shown as "today\'s places in use (31 March 2030)"', async () => {
    const future = file(
      'future.csv',
      'year,placement_type,count\n2024,foster,200\n2024,residential,20\n2030,foster,210\n2030,residential,25\n',
    );
    await refused(
      ['sufficiency', '--placements', future, '--to', '2031'],
      /future\.csv line 4, column "year": placements counted on 31 March 2030, which is in the future \(today is 2026-11-27\): expected years up to 2026/,
    );
  });

  it('a capacity file whose only type matches no placement type says so, instead of leaving every gap blank', async () => {
    // a misspelt type is no type at all: refused where it is written
    const misspelt = file('misspelt.csv', 'year,placement_type,places\n2024,Residentail,20\n');
    await refused(
      ['sufficiency', '--capacity', misspelt, '--to', '2027'],
      /misspelt\.csv line 2, column "placement_type": expected a placement type, got "Residentail"/,
    );
    // a type of the list that the projection does not have: said, not silently left out
    const capacity = file('places.csv', 'year,placement_type,places\n2024,secure,2\n');
    const result = await ran(['sufficiency', '--capacity', capacity, '--to', '2027'], { COLUMNS: '200' });
    expect(result.stdout.replace(/\n\s+/g, ' ')).toMatch(
      /The places given for "secure_childrens_home" in places\.csv match no placement type of the projection \(in-house fostering, agency fostering \(IFA\), residential care and other placements\), so they are not used/,
    );
  });

  it('--simulations 0 or 1 is refused: no 95% range from so few paths (on main, flow printed 282.1-282.1 as if certain)', async () => {
    for (const n of ['0', '1', '39']) {
      await refused(
        ['project', '--simulations', n],
        new RegExp(
          `--simulations <n>' argument '${n}' is invalid\\. expected a number from 40 to 1000000, got ${n}: fewer paths cannot estimate a 95% range`,
        ),
      );
    }
    await ran(['project', '--methods', 'flow', '--simulations', '40', '--to', '2026', '--format', 'csv']);
  });
});

describe('no crash and no exhaustion on any workbook', () => {
  /** Tower Hamlets' estimates as a workbook, with `extra` rows after them (and the header's first cell shared). */
  const estimatesBook = (extra: string, sharedStrings?: string) => {
    const rows = readFileSync(ESTIMATES, 'utf8').trim().split('\n').slice(1);
    let header = rowXml(1, ['area_code', 'area_name', 'mid_year', 'population_0_17']);
    if (sharedStrings) header = header.replace('<c r="A1" t="inlineStr"><is><t>area_code</t></is></c>', '<c r="A1" t="s"><v>0</v></c>');
    const data = rows.map((l, i) => rowXml(i + 2, [l.split(',')[0]!, l.split(',')[2]!, Number(l.split(',')[3]), Number(l.split(',')[4])]));
    return zip(workbookEntries([['persons', header + data.join('') + extra]], sharedStrings));
  };

  it('20,000 one-cell rows at column XFD: read in a small heap, the same projection as from the CSV (on main: 4.2 GB, out of memory)', async () => {
    const junk = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 100}"><c r="XFD${i + 100}"><v>1</v></c></row>`).join('');
    const book = file('wide.xlsx', estimatesBook(junk));
    expect(readFileSync(book).length).toBeLessThan(200_000);
    const args = ['--population', PROJECTION, '--methods', 'avg3,trend,naive', '--format', 'csv'];
    const fromBook = await ran(['project', '--population', book, ...args], SMALL_HEAP);
    expect(fromBook.stdout).toBe((await ran(['project', '--population', ESTIMATES, ...args])).stdout);
  });

  it('a cell reference past XFD (FXSHRXW30) or row 1,048,576 is refused, not a crash with exit code 2', async () => {
    for (const [ref, message] of [
      ['FXSHRXW30', /cell FXSHRXW30 is past the last column of a sheet, XFD/],
      ['A1048577', /cell A1048577 is past the last row of a sheet, 1048576/],
    ] as const) {
      const book = file('ref.xlsx', estimatesBook(`<row r="99"><c r="${ref}"><v>1</v></c></row>`));
      await refused(['project', '--population', book, '--population', PROJECTION], message);
    }
  });

  it('200,000 tags left open are refused where the first is found (on main: 60-94 s)', async () => {
    const book = file('open.xlsx', estimatesBook('<row r="99">'.repeat(200_000)));
    expect(readFileSync(book).length).toBeLessThan(20_000);
    await refused(['project', '--population', book, '--population', PROJECTION], /a <row> has no <\/row>/, SMALL_HEAP);
  });

  it('3 million shared strings no cell uses cost a scan, in a small heap (on main: 113 s and 3 GB for 12 million)', async () => {
    // the header's first cell is shared string 0; 3 million more follow that no cell uses
    const book = estimatesBook('', `<si><t>area_code</t></si>${'<si><t>x</t></si>'.repeat(3_000_000)}`);
    expect(book.length).toBeLessThan(500_000);
    const args = ['--population', PROJECTION, '--methods', 'avg3', '--format', 'csv'];
    const fromBook = await ran(['project', '--population', file('strings.xlsx', book), ...args], SMALL_HEAP);
    expect(fromBook.stdout).toBe((await ran(['project', '--population', ESTIMATES, ...args])).stdout);
  });
});

describe('nothing a terminal, an SVG or a browser would obey', () => {
  /** Tower Hamlets' history with control and bidirectional characters in its name. */
  const hostileHistory = (name: string) => file('h.csv', readFileSync(HISTORY, 'utf8').replaceAll('Tower Hamlets', name));

  it('control characters in an area name (U+000B, U+0001, ESC, U+FFFE): PNG, SVG and xlsx are written, well-formed (on main: exit 2)', async () => {
    const history = hostileHistory('Tower\u000b Ham\u0001lets\u001b]0;owned\u0007\ufffe');
    const dir = folder();
    const note = /h\.csv line 2: control or bidirectional characters \(U\+000B the first\) taken out of the text/;
    expect((await ran(['chart', '--history', history, ...POPULATION, '--format', 'png', '--out', join(dir, 'c.png')])).stderr).toMatch(
      note,
    );
    await ran(['sufficiency', '--history', history, ...POPULATION, '--format', 'xlsx', '--out', join(dir, 's.xlsx')]);
    await ran(['chart', '--history', history, ...POPULATION, '--out', join(dir, 'c.svg')]);
    await ran(['project', '--history', history, ...POPULATION, '--chart', join(dir, 'p.svg'), '--out', join(dir, 'p.txt')]);
    for (const svg of ['c.svg', 'p.svg']) {
      const text = readFileSync(join(dir, svg), 'utf8');
      expect(text).not.toMatch(RAW_CONTROLS);
      expect(text).toContain('Tower  Hamlets]0;owned (E09000030, 211)');
    }
  });

  it('bidirectional overrides in an area name do not reach the report: its heading and headline read in order', async () => {
    const history = hostileHistory('Tower Hamlets\u2067\u202e');
    const out = join(folder(), 'r.html');
    await ran(['report', '--history', history, ...POPULATION, '--to', '2027', '--simulations', '200', '--out', out]);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('<h1>Children looked after in Tower Hamlets: projection to 2027</h1>');
  });

  it('escape sequences from a cell, a file name or a scenario name never reach the terminal raw', async () => {
    const cell = file('esc.csv', 'year,cla\n2024,3\u001b[2J00\n');
    const fromCell = await refused(
      ['project', '--history', cell, ...POPULATION],
      /esc\.csv line 2, column "cla": expected a whole number of children, got "3\[2J00"/,
    );
    expect(fromCell.stderr).not.toMatch(RAW_CONTROLS);
    const fromArgument = await refused(
      ['project', '--area', 'Tower\u001b]0;owned\u0007'],
      /no area "Tower\\u001B\]0;owned\\u0007" in the history/,
    );
    expect(fromArgument.stderr).not.toMatch(RAW_CONTROLS);
    const scenario = file('s.yaml', 'name: "Edge\\e[2J of care\\e]0;owned\\a"\nentry_rate:\n  - factor: 0.9\n    from: 2027\n');
    const table = await ran(['scenario', '--scenario', scenario, '--to', '2028']);
    expect(table.stdout).toContain('Edge[2J of care]0;owned');
    expect(table.stdout + table.stderr).not.toMatch(RAW_CONTROLS);
  });
});

describe('bounds reached as soon as they are passed', () => {
  it('a history with too many areas is refused at the row that passes --max-areas, before the rest is read', async () => {
    // the third area is on line 4; line 6 would be an error if the file were read to the end (on main it was, and it named line 6)
    const history = file(
      'areas.csv',
      'area_code,area_name,year,cla\nE1,A,2024,10\nE2,B,2024,10\nE3,C,2024,10\nE1,A,2023,10\nE4,D,twenty,10\n',
    );
    await refused(
      ['project', '--max-areas', '2', '--history', history, ...POPULATION],
      /areas\.csv line 4: the number of areas in the history is over the limit of 2 areas \(--max-areas\): found more than 2 \(the next is C \(E3\)\)/,
    );
  });
});
