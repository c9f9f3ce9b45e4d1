import { ageBand, ageOn, DFE_AGE_BANDS, eighteenthBirthday, type DfeAgeBand } from './calendar.js';
import type { Period } from './periods.js';
/**
 * Kaplan-Meier (product-limit) survival of periods of care: the share of children still in care
 * after t days, counting periods still open at the last return as censored (they were in care at
 * least that long), not dropped, which would make stays look shorter than they are.
 */

export interface Duration {
  /** Days from the start of the period to its end, or to the censoring date. */
  days: number;
  /** True when the period ended (an exit); false when it was still open (censored). */
  ended: boolean;
}

export interface SurvivalStep {
  days: number;
  /** Periods at risk just before `days`. */
  atRisk: number;
  exits: number;
  censored: number;
  /** Share still in care after `days`. */
  survival: number;
  /**
   * 95% confidence interval of `survival` (Greenwood's variance, log-log transform, so it stays
   * within 0-1); null where it is undefined (everyone at risk has left).
   */
  lower95: number | null;
  upper95: number | null;
}

/**
 * Product-limit estimate: at each day with an exit, S(t) = S(t-) x (1 - exits / at risk). Periods
 * censored on a day with exits count as at risk on that day (the usual convention).
 * The 95% interval: Greenwood's sum G = sum of exits / (at risk x (at risk - exits)) over the exit
 * days so far; on the log(-log S) scale the standard error is sqrt(G) / |log S|, which gives
 * S^exp(1.96 se) to S^exp(-1.96 se) (R's survfit with conf.type = "log-log").
 * @throws RangeError when a duration is not a whole number of days
 * @example kaplanMeier([{days: 1, ended: true}, {days: 2, ended: false}, {days: 3, ended: true}])
 *   // S(1) = 2/3; censored at 2; S(3) = 2/3 x (1 - 1/1) = 0
 */
export function kaplanMeier(durations: readonly Duration[]): SurvivalStep[] {
  if (durations.some((d) => !Number.isInteger(d.days))) throw new RangeError('kaplanMeier requires whole days');
  // Sorted as numbers (no comparator: hundreds of thousands of periods): days x 2, plus 1 for an exit.
  const sorted = Float64Array.from(durations, (d) => d.days * 2 + (d.ended ? 1 : 0)).sort();
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwood = 0;
  let i = 0;
  while (i < sorted.length) {
    const day = Math.floor(sorted[i]! / 2);
    let exits = 0;
    let censored = 0;
    while (i < sorted.length && Math.floor(sorted[i]! / 2) === day) {
      if (sorted[i]! % 2 !== 0) exits++;
      else censored++;
      i++;
    }
    if (exits > 0) {
      survival *= 1 - exits / atRisk;
      greenwood = exits < atRisk ? greenwood + exits / (atRisk * (atRisk - exits)) : Infinity;
    }
    steps.push({ days: day, atRisk, exits, censored, survival, ...logLogInterval(survival, greenwood) });
    atRisk -= exits + censored;
  }
  return steps;
}

const Z95 = 1.959963984540054;

function logLogInterval(survival: number, greenwood: number): { lower95: number | null; upper95: number | null } {
  if (survival >= 1) return { lower95: 1, upper95: 1 };
  if (!(survival > 0) || !Number.isFinite(greenwood)) return { lower95: null, upper95: null };
  const se = Math.sqrt(greenwood) / Math.abs(Math.log(survival));
  return { lower95: survival ** Math.exp(Z95 * se), upper95: survival ** Math.exp(-Z95 * se) };
}

/** S(t): the share still in care after `days` (1 before the first exit). */
export function survivalAt(steps: readonly SurvivalStep[], days: number): number {
  return stepAt(steps, days)?.survival ?? 1;
}

/** The step in force after `days` (its survival and interval), or undefined before the first. */
function stepAt(steps: readonly SurvivalStep[], days: number): SurvivalStep | undefined {
  // Binary search for the last step on or before `days` (steps are in order of days).
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (steps[mid]!.days <= days) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? steps[low - 1] : undefined;
}

/**
 * The first time the survival falls to or below `share` (0.5 for the median stay); null when it never
 * does within the observed follow-up (too many periods still open).
 */
export function survivalQuantile(steps: readonly SurvivalStep[], share: number): number | null {
  return steps.find((s) => s.exits > 0 && s.survival <= share + 1e-12)?.days ?? null;
}

/** S just before `days`: the share still in care when that day begins (leaving on it not yet counted). */
const survivalBefore = (steps: readonly SurvivalStep[], days: number) => (days <= 0 ? 1 : survivalAt(steps, days - 1));

/** Time in care for the periods that started in one age band. */
export interface BandSurvival {
  band: DfeAgeBand;
  periods: number;
  ended: number;
  /** Days in care by which 25%, 50% and 75% had left; null if not reached. */
  quartiles: [number | null, number | null, number | null];
  /** Share still in care after 1, 2 and 5 years, with its 95% interval. */
  stillInCare: { years: number; share: number; lower95: number | null; upper95: number | null }[];
  /** Of the periods that ended, the share that ended on or after the 18th birthday. */
  leftAt18: number | null;
  /**
   * Of the band's entrants, the share still in care on their 18th birthday (Kaplan-Meier of leaving
   * before 18, periods still open or reaching 18 censored, averaged over the entrants' own times to
   * 18); null without dates of birth.
   */
  inCareAt18: number | null;
  steps: SurvivalStep[];
}

/**
 * Kaplan-Meier survival of periods of care by age band at entry, censoring periods still open at
 * `censorDay` (the 31 March of the latest return). Leaving at 18 counts as an exit: it is the end
 * of care; the share that ended that way is reported beside the curve.
 */
export function survivalByBand(periods: readonly Period[], censorDay: number): BandSurvival[] {
  const byBand = new Map<DfeAgeBand, Period[]>();
  for (const p of periods) {
    if (p.start > censorDay) continue;
    const band = ageBand(p.ageAtStart);
    const list = byBand.get(band);
    if (list) list.push(p);
    else byBand.set(band, [p]);
  }
  return [...DFE_AGE_BANDS, 'unknown' as const]
    .map((band) => {
      const own = byBand.get(band) ?? [];
      // a period ended by a start after X1 is not a cessation: censored where it ends
      const durations = own.map((p) => {
        const ended = p.end !== null && p.end <= censorDay;
        return { days: (ended ? p.end! : censorDay) - p.start, ended: ended && p.ceased !== false };
      });
      const steps = kaplanMeier(durations);
      const endedPeriods = own.filter((p) => p.end !== null && p.end <= censorDay && p.ceased !== false);
      const at18 = endedPeriods.filter((p) => p.dob !== null && ageOn(p.dob, p.end!) >= 18).length;
      const aged = own.filter((p) => p.dob !== null).map((p) => ({ p, toEighteen: eighteenthBirthday(p.dob!) - p.start }));
      const beforeEighteen = kaplanMeier(
        aged.map(({ p, toEighteen }) => {
          const left = p.end !== null && p.end <= censorDay && p.ceased !== false ? p.end - p.start : Infinity;
          const followed = Math.min((p.end !== null && p.ceased === false ? p.end : censorDay) - p.start, toEighteen);
          return left < toEighteen ? { days: left, ended: true } : { days: Math.min(left, followed), ended: false };
        }),
      );
      return {
        band,
        periods: own.length,
        ended: endedPeriods.length,
        quartiles: [survivalQuantile(steps, 0.75), survivalQuantile(steps, 0.5), survivalQuantile(steps, 0.25)] as [
          number | null,
          number | null,
          number | null,
        ],
        stillInCare: [1, 2, 5].map((years) => {
          const step = stepAt(steps, Math.round(years * 365.25));
          return step
            ? { years, share: step.survival, lower95: step.lower95, upper95: step.upper95 }
            : { years, share: 1, lower95: 1, upper95: 1 };
        }),
        leftAt18: endedPeriods.length > 0 ? at18 / endedPeriods.length : null,
        inCareAt18:
          aged.length > 0 ? aged.reduce((sum, { toEighteen }) => sum + survivalBefore(beforeEighteen, toEighteen), 0) / aged.length : null,
        steps,
      };
    })
    .filter((b) => b.periods > 0);
}
