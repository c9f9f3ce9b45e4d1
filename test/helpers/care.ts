import { dayOf } from '../../src/model/episodes/calendar.js';
import { CODE_CATEGORIES } from '../../src/model/episodes/placementTypes.js';
import type { CareHistory, Period } from '../../src/model/episodes/periods.js';

const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return dayOf(y!, m!, d!);
};
/** Periods with their episodes: [start, type, provision (0 n/a, 1 in-house, 2 external)] each, ending at `end`. */
export function careOf(
  children: { child: string; dob: string; end: string | null; episodes: [string, number, number][]; uasc?: boolean }[],
): CareHistory {
  const start: number[] = [];
  const end: number[] = [];
  const placement: number[] = [];
  const provision: number[] = [];
  const periods: Period[] = children.map((c) => {
    const first = start.length;
    c.episodes.forEach(([from, t, pr], k) => {
      start.push(day(from));
      end.push(k + 1 < c.episodes.length ? day(c.episodes[k + 1]![0]) : c.end === null ? 0x7fffffff : day(c.end));
      placement.push(t);
      provision.push(pr);
    });
    return {
      child: c.child,
      start: day(c.episodes[0]![0]),
      end: c.end === null ? null : day(c.end),
      firstEpisode: first,
      episodeCount: c.episodes.length,
      dob: day(c.dob),
      ageAtStart: null,
      uasc: c.uasc ?? false,
    };
  });
  return {
    periods,
    episodes: {
      start: Int32Array.from(start),
      end: Int32Array.from(end),
      placement: Uint8Array.from(placement),
      provision: Uint8Array.from(provision),
    },
    firstYear: 2020,
    lastYear: 2021,
  };
}

const type = (name: (typeof CODE_CATEGORIES)[number]) => CODE_CATEGORIES.indexOf(name);
// HOME: supported accommodation, the type whose in-house share is held from the provider (fixtures/README.md)
export const [OWN, IFA, HOME] = [type('fostering_inhouse'), type('fostering_agency'), type('supported')];

export const population = () => [10_000, 10_000, 10_000, 10_000, 10_000];

// Worked by hand in fixtures/README.md ("Placement transitions"). Window: the year ending 31 March 2021.
export const care = careOf([
  { child: 'A', dob: '2008-01-01', end: null, episodes: [['2019-06-01', OWN, 1]] },
  {
    child: 'B',
    dob: '2008-01-01',
    end: null,
    episodes: [
      ['2019-06-01', OWN, 1],
      ['2020-09-01', HOME, 2],
    ],
  },
  { child: 'C', dob: '2008-01-01', end: '2020-12-01', episodes: [['2019-06-01', OWN, 1]] },
  { child: 'D', dob: '2008-01-01', end: null, episodes: [['2019-06-01', HOME, 1]] },
  { child: 'E', dob: '2015-01-01', end: null, episodes: [['2020-05-01', IFA, 2]] },
  { child: 'F', dob: '2015-01-01', end: '2020-12-01', episodes: [['2020-06-01', IFA, 2]] },
]);
