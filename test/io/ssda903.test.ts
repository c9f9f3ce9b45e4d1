import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate, readSsda903 } from '../../src/io/ssda903.js';
import { OPEN_END, RNE_CODES } from '../../src/model/episodes/episodeTable.js';
import { CODE_CATEGORIES } from '../../src/model/episodes/placementTypes.js';
import { dayOf } from '../../src/model/episodes/calendar.js';
import { InputReader } from '../../src/io/load.js';

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
