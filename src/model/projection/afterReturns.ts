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

/**
 * SSDA903 returns behind the published history (the returns lag the statistics by a year or more):
 * the headline and the other methods start from the latest published count, and flow with
 * durations, which needs the periods of care, from the latest return. Flow's path through the years
 * both have is not shown (the published counts are history there); its forecast of the latest
 * published year is set beside the count, so the gap between the two starts can be read.
 * `order` is the methods as asked for; `fromReturns` projects flow alone from the returns' year.
 */
export function flowFromReturns(published: AreaProjection, fromReturns: AreaProjection, order: readonly string[]): AreaProjection {
  const flow = fromReturns.methods.find((m) => m.method === 'flow');
  const warnings = [...published.warnings, ...fromReturns.warnings.filter((w) => !published.warnings.includes(w))];
  if (flow === undefined) return { ...published, warnings }; // left out, and its warning says why
  const base = published.actual.find((a) => a.year === published.baseYear)!;
  const atBase = flow.years.find((y) => y.year === published.baseYear);
  const methods = [...published.methods, { ...flow, years: flow.years.filter((y) => y.year > published.baseYear) }].sort(
    (a, b) => order.indexOf(a.method) - order.indexOf(b.method),
  );
  const span =
    published.baseYear - fromReturns.baseYear === 1 ? String(published.baseYear) : `${fromReturns.baseYear + 1}-${published.baseYear}`;
  return {
    ...published,
    methods,
    warnings: [
      ...warnings,
      `the SSDA903 returns end at 31 March ${fromReturns.baseYear}, the published history at ${published.baseYear}: ` +
        `every method but flow starts from the published ${published.baseYear} count (${base.cla}); flow, fitted on the returns' periods of care, ` +
        `starts from ${fromReturns.baseYear} and its path through ${span} is not shown` +
        (atBase ? ` (it gave ${Math.round(atBase.cla)} for ${published.baseYear} against the ${base.cla} published)` : ''),
    ],
  };
}
