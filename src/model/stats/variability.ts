/**
 * How much yearly counts (starts, ceased) vary, for the flow simulations: over-dispersion of the
 * counts around their level, and how far the level itself wanders. Both read a series of counts by
 * year ending 31 March, oldest first, up to the base year.
 */

export interface YearCount {
  year: number;
  count: number;
}

/**
 * Over-dispersion of yearly counts: alpha = max(0, (v - m) / m^2) with m the mean of the last ten
 * years' counts and v half the mean squared year-on-year change (a variance that a drifting level
 * does not inflate). Plain Poisson (alpha = 0) is far too narrow for LA data.
 * @example counts 100, 120, 100, 120: m = 110, v = 400 / 2 = 200, alpha = 90 / 12,100 = 0.0074
 */
export function overDispersionOf(series: readonly YearCount[]): number {
  const counts = series.slice(-10);
  if (counts.length === 0) return 0;
  const m = counts.reduce((s, c) => s + c.count, 0) / counts.length;
  let sum = 0;
  let n = 0;
  for (let i = 1; i < counts.length; i++) {
    if (counts[i]!.year !== counts[i - 1]!.year + 1) continue;
    sum += (counts[i]!.count - counts[i - 1]!.count) ** 2;
    n++;
  }
  if (n === 0 || !(m > 0)) return 0;
  const v = sum / n / 2;
  return Math.max(0, (v - m) / (m * m));
}

/**
 * How much of the year-to-year change in a count lasts: for a level that moves as a random walk
 * (yearly sd sigma) observed with independent noise (sd tau), changes over one year have mean square
 * sigma^2 + 2 tau^2 and changes over two years 2 sigma^2 + 2 tau^2, so
 * sigma^2 = MS(two-year changes) - MS(one-year changes), on the log scale, over the last twelve
 * years with a count above zero. Zero when the series only jitters around a level.
 * @example log counts alternating a, a + d, a, a + d: one-year changes d^2, two-year 0: sigma = 0
 */
export function levelDriftOf(series: readonly YearCount[]): number {
  const values = new Map(
    series
      .filter((c) => c.count > 0)
      .slice(-12)
      .map((c) => [c.year, Math.log(c.count)]),
  );
  const meanSquare = (lag: number) => {
    const changes = [...values.keys()].filter((y) => values.has(y - lag)).map((y) => values.get(y)! - values.get(y - lag)!);
    return changes.length > 0 ? changes.reduce((sum, c) => sum + c * c, 0) / changes.length : NaN;
  };
  const variance = meanSquare(2) - meanSquare(1);
  return Number.isFinite(variance) && variance > 0 ? Math.sqrt(variance) : 0;
}
