import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate, readSsda903 } from '../../src/io/ssda903.js';
import { OPEN_END, RNE_CODES } from '../../src/model/episodes/episodeTable.js';
import { CODE_CATEGORIES } from '../../src/model/episodes/placementTypes.js';
import { dayOf } from '../../src/model/episodes/calendar.js';
import { InputReader } from '../../src/io/load.js';
import { returnYearOfRows } from '../../src/model/episodes/returnYear.js';

/** Write files into a fresh folder and return its path. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-ssda903-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const EPISODE_HEADER = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n';

/** The episodes read, one plain object per row, for comparisons. */
async function rowsOf(files: Record<string, string | Buffer>) {
  const data = await readSsda903(new InputReader(), [folder(files)]);
  const t = data.episodes;
  return {
    data,
    rows: Array.from({ length: t.size }, (_, i) => ({
      child: data.children.ids[t.child[i]!],
      start: t.start[i],
      end: t.end[i] === OPEN_END ? null : t.end[i],
      rne: RNE_CODES[t.rne[i]!],
      placement: CODE_CATEGORIES[t.placement[i]!],
      returnYear: t.returnYear[i],
      line: t.line[i],
    })),
  };
}

describe('parseDate', () => {
  it('reads dd/mm/YYYY, d/m/YYYY and ISO, and rejects dates that do not exist', () => {
    expect(parseDate('01/04/2020')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('1/4/2020')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('2020-04-01')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('2020-04-01T00:00:00')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('2020-04-01 00:00:00.000')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('2020-04-01T00:00:00Z')).toBe(dayOf(2020, 4, 1));
    expect(parseDate('01/04/2020 00:00')).toBe(dayOf(2020, 4, 1)); // as spreadsheets export dates
    expect(parseDate('2020-04-01abc')).toBeUndefined();
    expect(parseDate('01/04/2020 noon')).toBeUndefined();
    expect(parseDate('29/02/2020')).toBe(dayOf(2020, 2, 29));
    expect(parseDate('29/02/2019')).toBeUndefined();
    expect(parseDate('31/04/2020')).toBeUndefined();
    expect(parseDate('32/13/2018')).toBeUndefined();
    expect(parseDate('2020/04/01')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
  });
});

describe('readSsda903: the byte-level reader', () => {
  it('reads the usual layout, with the return year from the latest start', async () => {
    const { rows } = await rowsOf({
      'e.csv': EPISODE_HEADER + 'A,01/05/2018,S,C2,N1,U4,PR1,10/09/2018,X1\nA,10/09/2018,P,C2,N1,K2,PR1,,\n',
    });
    expect(rows).toEqual([
      {
        child: 'A',
        start: dayOf(2018, 5, 1),
        end: dayOf(2018, 9, 10),
        rne: 'S',
        placement: 'fostering_inhouse',
        returnYear: 2019,
        line: 2,
      },
      { child: 'A', start: dayOf(2018, 9, 10), end: null, rne: 'P', placement: 'childrens_home_inhouse', returnYear: 2019, line: 3 },
    ]);
  });

  it('handles a byte-order mark, CRLF, blank lines, spaces, lower case, ISO dates and columns in another order', async () => {
    const text = '\uFEFFchild,dec,place,rne,decom\r\n\r\n  B ,2019-03-31, u1 , s ,2018-04-01\r\n\r\n';
    const { rows, data } = await rowsOf({ 'e.csv': text });
    expect(rows).toEqual([
      {
        child: 'B',
        start: dayOf(2018, 4, 1),
        end: dayOf(2019, 3, 31),
        rne: 'S',
        placement: 'fostering_kinship',
        returnYear: 2019,
        line: 3,
      },
    ]);
    expect(data.problems).toEqual([]);
  });

  it('reads semicolon- and tab-separated exports (delimiter from the header line)', async () => {
    const semicolon = await rowsOf({
      'e.csv': EPISODE_HEADER.replaceAll(',', ';') + 'A;01/05/2018 00:00;S;C2;N1;U4;PR1;"10/09/2018";X1\n',
    });
    const tab = await rowsOf({ 'e.csv': EPISODE_HEADER.replaceAll(',', '\t') + 'A\t01/05/2018\tS\tC2\tN1\tU4\tPR1\t10/09/2018\tX1\n' });
    for (const { rows, data } of [semicolon, tab]) {
      expect(rows).toEqual([
        {
          child: 'A',
          start: dayOf(2018, 5, 1),
          end: dayOf(2018, 9, 10),
          rne: 'S',
          placement: 'fostering_inhouse',
          returnYear: 2019,
          line: 2,
        },
      ]);
      expect(data.problems).toEqual([]);
    }
  });

  it('reads quoted lines (commas inside quotes) through csv-parse, with the same result', async () => {
    const { rows } = await rowsOf({
      'e.csv': EPISODE_HEADER + '"C,1","01/05/2018","S",C2,N1,"H5","PR, 1",,\nD,01/05/2018,S,C2,N1,H5,PR1,,\n',
    });
    expect(rows.map((r) => [r.child, r.start, r.rne, r.placement, r.line])).toEqual([
      ['C,1', dayOf(2018, 5, 1), 'S', 'supported', 2],
      ['D', dayOf(2018, 5, 1), 'S', 'supported', 3],
    ]);
  });

  it('reads lines that straddle the 1 MiB read chunks', async () => {
    // 40,000 lines of ~45 bytes: about 1.7 MiB, so lines are cut across two chunks.
    const lines = Array.from({ length: 40_000 }, (_, i) => `child-${i},01/05/2018,S,C2,N1,U4,PR1,10/09/2018,X1`);
    const { rows, data } = await rowsOf({ 'e.csv': EPISODE_HEADER + lines.join('\n') });
    expect(rows).toHaveLength(40_000);
    expect(data.children.size).toBe(40_000);
    expect(rows.at(-1)).toMatchObject({ child: 'child-39999', line: 40_001, end: dayOf(2018, 9, 10) });
    expect(data.problems).toEqual([]);
  });

  it('keeps consecutive rows of different children apart even when their ids share bytes', async () => {
    const { rows } = await rowsOf({
      'e.csv':
        EPISODE_HEADER +
        'AB,01/05/2018,S,C2,N1,U4,PR1,,\nAC,01/05/2018,S,C2,N1,U4,PR1,,\nAB,02/05/2018,S,C2,N1,U4,PR1,,\nA,01/05/2018,S,C2,N1,U4,PR1,,\n',
    });
    expect(rows.map((r) => r.child)).toEqual(['AB', 'AC', 'AB', 'A']);
  });

  it('reports each bad row by file, line and reason', async () => {
    const dir = folder({
      'e.csv':
        EPISODE_HEADER +
        [
          ',01/05/2018,S,C2,N1,U4,PR1,,',
          'E,,S,C2,N1,U4,PR1,,',
          'E,01/05/2018,S,C2,N1,U4,PR1,31/04/2019,E4',
          'F,01/05/2018,XX,C2,N1,Q9,PR1,,',
        ].join('\n'),
      'h.csv': 'CHILD,SEX,DOB\nF,1,2010-13-01\n',
    });
    const data = await readSsda903(new InputReader(), [dir]);
    expect(data.problems.map((p) => [p.file.split('/').at(-1), p.line, p.action, p.reason])).toEqual([
      ['e.csv', 2, 'dropped', 'no CHILD id'],
      ['e.csv', 3, 'dropped', 'bad start date (DECOM) ""'],
      ['e.csv', 4, 'dropped', 'bad end date (DEC) "31/04/2019"'],
      ['e.csv', 5, 'repaired', 'unknown reason for new episode (RNE) "XX": read as a change within care'],
      ['h.csv', 2, 'repaired', 'bad date of birth (DOB) "2010-13-01"'],
      // placement codes are classified once every return's year is known (the map is for return years)
      ['e.csv', 5, 'repaired', 'unknown placement code (PLACE) "Q9" with provider "PR1": counted as unknown'],
    ]);
    expect(data.episodes.size).toBe(1);
  });

  it('returns with no usable episode row are an error, not an empty summary', async () => {
    await expect(readSsda903(new InputReader(), [folder({ 'e.csv': EPISODE_HEADER })])).rejects.toMatchObject({
      code: 'no-usable-rows',
      message: expect.stringMatching(/have no rows/),
    });
    const dir = folder({ 'e.csv': EPISODE_HEADER + 'A,31/02/2018,S,C2,N1,U4,PR1,,\nB,,S,C2,N1,U4,PR1,,\n' });
    await expect(readSsda903(new InputReader(), [dir])).rejects.toMatchObject({
      code: 'no-usable-rows',
      line: 2,
      message: expect.stringMatching(/all 2 were dropped, the first for bad start date \(DECOM\) "31\/02\/2018"/),
    });
  });

  it('a malformed quoted line is an error naming file and line', async () => {
    const dir = folder({ 'e.csv': EPISODE_HEADER + 'A,01/05/2018,S,C2,N1,U4,PR1,,\nA,"01/05/2018,S\n' });
    await expect(readSsda903(new InputReader(), [dir])).rejects.toMatchObject({ code: 'csv-syntax', line: 3 });
  });
});

describe('rows no return can hold (issue 21)', () => {
  /** n rows of children A0..An starting in the year to 31 March 2022 (the return's own year). */
  const ordinary = (n: number) =>
    Array.from({ length: n }, (_, i) => `A${i},${String((i % 28) + 1).padStart(2, '0')}/06/2021,S,C2,N1,U4,PR1,,`).join('\n');

  it("one row dated 2099 does not move the return's year: it is set aside, naming file and line", async () => {
    const { data, rows } = await rowsOf({ 'e.csv': `${EPISODE_HEADER}${ordinary(5)}\nZ,01/01/2099,S,C2,N1,U4,PR1,,\n` });
    expect(new Set(rows.map((r) => r.returnYear))).toEqual(new Set([2022]));
    expect(rows.map((r) => r.child)).not.toContain('Z');
    expect(data.problems.map((p) => [p.file.split('/').at(-1), p.line, p.action, p.reason])).toEqual([
      ['e.csv', 7, 'dropped', "starts (DECOM 01/01/2099) after 31 March 2022, the end of the return's year (2021-22): set aside"],
    ]);
  });

  it("the return's year is the latest that two rows and 1% of the rows start or end in", () => {
    const day = (y: number, m: number, d: number) => dayOf(y, m, d);
    // 3 rows: 2018, 2019, and one start and one end in the year to March 2020 (hand fixture 2020-episodes.csv)
    expect(returnYearOfRows([day(2018, 9, 10), day(2017, 10, 5), day(2020, 3, 1)], [day(2020, 1, 15), OPEN_END, OPEN_END])).toBe(2020);
    // 300 rows in 2021-22 and 2 in 2030-31: 2 rows are under 1% of 302 (4 rows), so 2030-31 is not the year
    const starts = [...Array(300).fill(day(2021, 6, 1)), day(2030, 6, 1), day(2030, 7, 1)];
    expect(returnYearOfRows(starts, Array(302).fill(OPEN_END))).toBe(2022);
    // ...but 4 rows there are (a return of several years in one file keeps its last year)
    expect(returnYearOfRows([...starts, day(2030, 8, 1), day(2030, 9, 1)], Array(304).fill(OPEN_END))).toBe(2031);
    // a return too small for any year to have two rows falls back to its latest start
    expect(returnYearOfRows([day(2019, 5, 1)], [OPEN_END])).toBe(2020);
    // ends count as much as starts: an episode ending in a year is in that year's return
    expect(returnYearOfRows([day(2019, 5, 1), day(2019, 6, 1)], [day(2020, 5, 1), day(2020, 6, 1)])).toBe(2021);
  });

  it('dates before 1900, starts before birth and children over 25 are set aside; an end after the last return is read as open', async () => {
    const { data, rows } = await rowsOf({
      'e.csv': `${EPISODE_HEADER}${ordinary(4)}\nB,01/01/1899,S,C2,N1,U4,PR1,,\nC,01/05/2021,S,C2,N1,U4,PR1,,\nD,01/05/2021,S,C2,N1,U4,PR1,,\nE,01/05/2021,S,C2,N1,U4,PR1,31/12/1850,E11\nF,01/05/2021,S,C2,N1,U4,PR1,01/04/2024,E11\n`,
      'h.csv': 'CHILD,SEX,DOB\nC,1,01/01/2022\nD,2,31/03/1996\nG,1,01/01/1850\nA0,1,31/03/1997\n',
    });
    expect(data.problems.map((p) => [p.file.split('/').at(-1), p.line, p.action, p.reason])).toEqual([
      ['e.csv', 6, 'dropped', 'start date (DECOM) 01/01/1899 is before 1900'],
      ['e.csv', 9, 'dropped', 'bad end date (DEC) "31/12/1850": before 1900'],
      ['h.csv', 4, 'repaired', 'bad date of birth (DOB) "01/01/1850": before 1900'],
      ['e.csv', 7, 'dropped', 'starts (DECOM 01/05/2021) before the child was born (DOB 01/01/2022): set aside'],
      // born 31 March 1996: 26 on 31 March 2022, the return's end (still open)
      ['e.csv', 8, 'dropped', 'the child (DOB 31/03/1996) would be 26 on 31/03/2022, over 25: set aside'],
      ['e.csv', 10, 'repaired', "ends (DEC 01/04/2024) after 31 March 2022, the end of the latest return's year: read as still open then"],
    ]);
    // A0, born 31 March 1997, is 25 on 31 March 2022: kept
    expect(rows.map((r) => r.child)).toEqual(['A0', 'A1', 'A2', 'A3', 'F']);
    expect(rows.at(-1)!.end).toBeNull();
  });

  it('two columns of one name in an episodes file are refused', async () => {
    await expect(
      readSsda903(new InputReader(), [folder({ 'e.csv': 'CHILD,DECOM,RNE,PLACE,DEC,decom\nA,01/05/2021,S,U4,,01/05/2099\n' })]),
    ).rejects.toThrow(/e\.csv line 1, column "DECOM": two columns are named DECOM \(columns 2 and 6\)/);
  });

  it('control and bidirectional characters are taken out of codes and ids', async () => {
    const { rows, data } = await rowsOf({
      'e.csv': `${EPISODE_HEADER}A\u001b[2J,01/05/2021,S,C2,N1,U4\u202e,PR1,,\nB,01/06/2021,S,C2,N1,U4,PR1,,\n`,
    });
    expect(rows.map((r) => r.child)).toEqual(['A[2J', 'B']);
    expect(data.episodes.placeCodes).toEqual(['', 'U4']);
  });
});
