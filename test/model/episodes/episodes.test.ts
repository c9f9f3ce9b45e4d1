import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChildRegistry, EpisodeTable, OPEN_END, RNE_CODES } from '../../../src/model/episodes/episodeTable.js';
import { DAY_MS, ageOn, civilDate, dayOf, eighteenthBirthday, returnYearOf } from '../../../src/model/episodes/calendar.js';
import { buildPeriods } from '../../../src/model/episodes/periods.js';
import { survivalByBand } from '../../../src/model/episodes/survival.js';
import { countByYear } from '../../../src/model/episodes/yearCounts.js';

// A second method for the integer calendar arithmetic: JavaScript's own Date.
const viaDate = (day: number) => {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
};
const ageViaDate = (dob: number, day: number) => {
  const b = new Date(dob * DAY_MS);
  const d = new Date(day * DAY_MS);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
};
const anyDay = fc.integer({ min: dayOf(1900, 1, 1), max: dayOf(2100, 12, 31) });

describe('calendar arithmetic without Date objects', () => {
  it('civilDate agrees with Date for every day from 1900 to 2100', () => {
    fc.assert(fc.property(anyDay, (day) => civilDate(day) === viaDate(day)));
    expect(civilDate(dayOf(2000, 2, 29))).toBe(20000229);
    expect(civilDate(-1)).toBe(19691231);
  });

  it('ageOn agrees with the birthday rule, including 29 February births', () => {
    fc.assert(fc.property(anyDay, anyDay, (dob, day) => ageOn(dob, day) === ageViaDate(dob, day)));
    const leapling = dayOf(2012, 2, 29);
    expect(ageOn(leapling, dayOf(2013, 2, 28))).toBe(0);
    expect(ageOn(leapling, dayOf(2013, 3, 1))).toBe(1);
  });

  it('returnYearOf: 1 April starts the next year ending 31 March', () => {
    expect(returnYearOf(dayOf(2020, 3, 31))).toBe(2020);
    expect(returnYearOf(dayOf(2020, 4, 1))).toBe(2021);
    expect(returnYearOf(dayOf(2020, 1, 1))).toBe(2020);
    expect(returnYearOf(dayOf(2020, 12, 31))).toBe(2021);
  });
});

interface Row {
  child: string;
  start: number;
  end: number | null;
  rne: (typeof RNE_CODES)[number];
  returnYear: number;
}

function tableOf(rows: readonly Row[]) {
  const table = new EpisodeTable();
  const children = new ChildRegistry();
  table.files.push('test.csv');
  rows.forEach((r, i) => {
    table.push(children.intern(r.child), r.start, r.end ?? OPEN_END, RNE_CODES.indexOf(r.rne), 0, 0, i + 2);
    table.returnYear[i] = r.returnYear;
  });
  return { table, children };
}

// Children with up to four periods of up to three back-to-back episodes, seen in up to three returns.
const careHistories = fc
  .array(
    fc.record({
      firstStart: fc.integer({ min: dayOf(2012, 1, 1), max: dayOf(2020, 1, 1) }),
      spells: fc.array(
        fc.record({
          lengths: fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 3 }),
          gap: fc.integer({ min: 1, max: 400 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      lastOpen: fc.boolean(),
      copies: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((children) => {
    const rows: Row[] = [];
    children.forEach((c, n) => {
      let at = c.firstStart;
      c.spells.forEach((spell, s) => {
        spell.lengths.forEach((length, e) => {
          const open = c.lastOpen && s === c.spells.length - 1 && e === spell.lengths.length - 1;
          for (let copy = 0; copy < c.copies; copy++)
            rows.push({ child: `C${n}`, start: at, end: open ? null : at + length, rne: e === 0 ? 'S' : 'P', returnYear: 2021 + copy });
          at += length;
        });
        at += spell.gap;
      });
    });
    return rows;
  });

describe('buildPeriods and countByYear: invariants on generated care histories', () => {
  it('closing stock = opening stock + starts - ceased, every year', () => {
    fc.assert(
      fc.property(careHistories, (rows) => {
        const { table, children } = tableOf(rows);
        const care = buildPeriods(table, children);
        const counts = countByYear(care, [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
        return counts.slice(1).every((c) => c.residual === 0);
      }),
    );
  });

  it('one period per spell, repeated copies merged, and the same periods whatever the row order', () => {
    fc.assert(
      fc.property(careHistories, fc.integer(), (rows, seed) => {
        const { table, children } = tableOf(rows);
        const care = buildPeriods(table, children);
        const spells = rows.filter((r) => r.rne === 'S' && r.returnYear === 2021).length;
        expect(care.periods).toHaveLength(spells);
        expect(care.repeated).toBe(rows.filter((r) => r.returnYear > 2021).length);
        expect(care.problems).toEqual([]);
        // a seeded shuffle of the rows gives the same set of periods
        const shuffled = [...rows];
        let state = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const again = tableOf(shuffled);
        const key = (p: { child: string; start: number; end: number | null; episodeCount: number }) =>
          `${p.child}:${p.start}:${p.end}:${p.episodeCount}`;
        expect(buildPeriods(again.table, again.children).periods.map(key).sort()).toEqual(care.periods.map(key).sort());
      }),
    );
  });
});

describe('share still in care at 18 (Kaplan-Meier of leaving before 18), worked by hand', () => {
  const censorDay = dayOf(2021, 6, 1);
  // One entrant aged 16-17 per row: days from entry to the 18th birthday, days until leaving
  // (null: still in care at the censoring date, after `followUp` days).
  const entrant = (child: string, toEighteen: number, left: number | null, followUp = 0) => {
    const start = left === null ? censorDay - followUp : censorDay - 1000;
    const birthday = civilDate(start + toEighteen);
    const dob = dayOf(Math.floor(birthday / 10_000) - 18, Math.floor(birthday / 100) % 100, birthday % 100);
    return {
      child,
      start,
      end: left === null ? null : start + left,
      firstEpisode: 0,
      episodeCount: 1,
      dob,
      ageAtStart: ageOn(dob, start),
      uasc: false,
    };
  };
  const periods = [
    entrant('A', 400, 100), // leaves before 18: an exit at 100 days
    entrant('B', 300, null, 200), // still in care, 200 days in: censored at 200
    entrant('C', 500, 500), // leaves on the 18th birthday: censored at 500
    entrant('D', 250, 250), // the same at 250
    entrant('E', 600, 300), // leaves before 18: an exit at 300 days
  ];
  // Exits at 100 (5 at risk) and 300 (C and E at risk): S = 4/5, then 4/5 x 1/2 = 0.4.
  // Each entrant's S just before their 18th birthday: A 0.4, B 0.8, C 0.4, D 0.8, E 0.4: mean 0.56.
  it("averages each entrant's chance of reaching 18 in care", () => {
    const [band] = survivalByBand(periods, censorDay);
    expect(band!.band).toBe('16plus');
    expect(band!.inCareAt18).toBeCloseTo(0.56, 12);
    // of the four periods that ended, C and D ended at 18
    expect(band!.leftAt18).toBe(0.5);
  });

  it('eighteenthBirthday: 29 February birthdays fall on 1 March', () => {
    expect(eighteenthBirthday(dayOf(2004, 2, 29))).toBe(dayOf(2022, 3, 1));
    expect(eighteenthBirthday(dayOf(2003, 6, 15))).toBe(dayOf(2021, 6, 15));
    expect(ageOn(dayOf(2004, 2, 29), eighteenthBirthday(dayOf(2004, 2, 29)))).toBe(18);
    expect(ageOn(dayOf(2004, 2, 29), eighteenthBirthday(dayOf(2004, 2, 29)) - 1)).toBe(17);
  });
});
