import type { AreaProjection } from './types.js';

/**
 * With SSDA903 returns the base year is the latest return's, but the council's published history
 * may already count later years (the returns lag the statistics). Those years are history: their
 * projected rows are dropped, so that every output shows the published count there and projections
 * only beyond it (they still start from the returns' base year, as the warning says).
 */
export function showCountedYearsAsHistory(projection: AreaProjection): AreaProjection {
  const counted = projection.actual.filter((a) => a.year > projection.baseYear && a.cla !== null).map((a) => a.year);
  if (counted.length === 0) return projection;
  const last = Math.max(...counted);
  const span = counted.length === 1 ? String(last) : `${Math.min(...counted)}-${last}`;
  return {
    ...projection,
    methods: projection.methods.map((m) => ({ ...m, years: m.years.filter((y) => y.year > last) })),
    warnings: [
      ...projection.warnings,
      `the published history counts ${span}, after the latest SSDA903 return (${projection.baseYear}): shown as history, not projected (every method still starts from ${projection.baseYear})`,
    ],
  };
}
