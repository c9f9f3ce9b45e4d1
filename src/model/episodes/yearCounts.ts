import type { AreaHistory } from '../types.js';
import { ageBand, ageOn, dayOf, DFE_AGE_BANDS } from './calendar.js';
import { CODE_CATEGORIES, type CodeCategory } from './placementTypes.js';
import type { EpisodesInPeriods, Period, PeriodsOfCare } from './periods.js';

/** Stock, starts and ceased by year from periods of care, and how they compare with published figures. */

export interface YearCounts {
  /** Year ending 31 March. */
  year: number;
  stock: number;
  starts: number;
  ceased: number;
  /** stock - (previous stock + starts - ceased): 0 when every period is seen whole. */
  residual: number | null;
  stockByBand: Record<string, number>;
  startsByBand: Record<string, number>;
  ceasedByBand: Record<string, number>;
  stockByPlacement: Record<CodeCategory, number>;
}

const empty = () => Object.fromEntries([...DFE_AGE_BANDS, 'unknown'].map((b) => [b, 0])) as Record<string, number>;

/**
 * Stock on each 31 March, starts and ceased in each year ending 31 March, by age band (age on
 * 31 March for stock, at starting for starts, at leaving for ceased) and placement category. A
 * period ended by a start straight after X1 is not a cessation (`Period.ceased`), as DfE counts.
 */
export function countByYear(care: Pick<PeriodsOfCare, 'periods' | 'episodes'>, years: readonly number[]): YearCounts[] {
  const { periods, episodes } = care;
  const result: YearCounts[] = [];
  let previous: number | null = null;
  for (const year of years) {
    const march = dayOf(year, 3, 31);
    const april = dayOf(year - 1, 4, 1);
    const row: YearCounts = {
      year,
      stock: 0,
      starts: 0,
      ceased: 0,
      residual: null,
      stockByBand: empty(),
      startsByBand: empty(),
      ceasedByBand: empty(),
      stockByPlacement: Object.fromEntries(CODE_CATEGORIES.map((c) => [c, 0])) as Record<CodeCategory, number>,
    };
    for (const p of periods) {
      if (p.start <= march && (p.end === null || p.end > march)) {
        row.stock++;
        row.stockByBand[ageBand(p.dob === null ? null : ageOn(p.dob, march))]!++;
        row.stockByPlacement[CODE_CATEGORIES[episodes.placement[episodeOn(episodes, p, march)]!]!]++;
      }
      if (p.start >= april && p.start <= march) {
        row.starts++;
        row.startsByBand[ageBand(p.ageAtStart)]!++;
      }
      if (p.end !== null && p.ceased !== false && p.end >= april && p.end <= march) {
        row.ceased++;
        row.ceasedByBand[ageBand(p.dob === null ? null : ageOn(p.dob, p.end))]!++;
      }
    }
    row.residual = previous === null ? null : row.stock - (previous + row.starts - row.ceased);
    previous = row.stock;
    result.push(row);
  }
  return result;
}

/** The period's episode in force on a day (its last one if none is). */
export function episodeOn(episodes: EpisodesInPeriods, p: Period, day: number): number {
  const last = p.firstEpisode + p.episodeCount - 1;
  for (let k = p.firstEpisode; k < last; k++) {
    if (episodes.start[k]! <= day && episodes.end[k]! > day) return k;
  }
  return last;
}

/** One year's count from the returns beside the published figure for the same council. */
export interface Reconciliation {
  year: number;
  measure: 'stock' | 'starts' | 'ceased';
  returns: number;
  /** Null when the history has no figure (missing, suppressed or another year range). */
  published: number | null;
  /** (returns - published) / published, or null. */
  relativeDifference: number | null;
}

/**
 * The returns' stock, starts and ceased beside the published (DfE) history of the same council. They
 * should agree within a few per cent: DfE counts children, once each in starts and ceased, where the
 * returns count periods of care; a larger gap means a missing return or the wrong council's file.
 */
export function reconcileWithHistory(counts: readonly YearCounts[], history: AreaHistory): Reconciliation[] {
  const published = new Map(history.years.map((y) => [y.year, { stock: y.cla, starts: y.starts, ceased: y.ceased }]));
  return counts.flatMap((c) =>
    (['stock', 'starts', 'ceased'] as const).map((measure) => {
      const figure = published.get(c.year)?.[measure] ?? null;
      const returns = c[measure];
      return { year: c.year, measure, returns, published: figure, relativeDifference: figure ? (returns - figure) / figure : null };
    }),
  );
}

/**
 * How far apart the returns and the published figures may be before it is worth saying: the two
 * count differently (children against periods of care) but agree within a few per cent for a
 * council's complete returns. A gap of a child or two in a small count is not flagged.
 */
export const RECONCILE_TOLERANCE = { share: 0.05, children: 2 } as const;

/** The year-measures whose returns and published figure are further apart than the tolerance. */
export function farFromPublished(rows: readonly Reconciliation[], tolerance = RECONCILE_TOLERANCE): Reconciliation[] {
  return rows.filter(
    (r) =>
      r.published !== null &&
      r.relativeDifference !== null &&
      Math.abs(r.relativeDifference) > tolerance.share &&
      Math.abs(r.returns - r.published) > tolerance.children,
  );
}
