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
}

/**
 * Product-limit estimate: at each day with an exit, S(t) = S(t-) x (1 - exits / at risk). Periods
 * censored on a day with exits count as at risk on that day (the usual convention).
 * @example kaplanMeier([{days: 1, ended: true}, {days: 2, ended: false}, {days: 3, ended: true}])
 *   // S(1) = 2/3; censored at 2; S(3) = 2/3 x (1 - 1/1) = 0
 */
export function kaplanMeier(durations: readonly Duration[]): SurvivalStep[] {
  const sorted = [...durations].sort((a, b) => a.days - b.days);
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const day = sorted[i]!.days;
    let exits = 0;
    let censored = 0;
    while (i < sorted.length && sorted[i]!.days === day) {
      if (sorted[i]!.ended) exits++;
      else censored++;
      i++;
    }
    if (exits > 0) survival *= 1 - exits / atRisk;
    steps.push({ days: day, atRisk, exits, censored, survival });
    atRisk -= exits + censored;
  }
  return steps;
}

/** S(t): the share still in care after `days` (1 before the first exit). */
export function survivalAt(steps: readonly SurvivalStep[], days: number): number {
  let s = 1;
  for (const step of steps) {
    if (step.days > days) break;
    s = step.survival;
  }
  return s;
}

/**
 * The first time the survival falls to or below `share` (0.5 for the median stay); null when it never
 * does within the observed follow-up (too many periods still open).
 */
export function survivalQuantile(steps: readonly SurvivalStep[], share: number): number | null {
  return steps.find((s) => s.exits > 0 && s.survival <= share + 1e-12)?.days ?? null;
}
