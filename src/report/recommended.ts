import { SIZE_BAND_LABELS } from '../model/methods/recommended.js';
import type { AreaProjection, RecommendedAssumptions } from '../model/projection/types.js';
import { formatNumber } from './format.js';

/** Wording of the recommended projection: the headline, its method line and its intervals. */

const percent = (growth: number) => `${growth >= 0 ? '+' : ''}${formatNumber((Math.exp(growth) - 1) * 100, 1)}%`;

/** "its region's average yearly change 2022-2025 (London, -2.2% a year)" */
function regionalChange(a: RecommendedAssumptions): string {
  const r = a.region!;
  return `its region's average yearly change ${r.growth.fromYear}-${r.growth.toYear} (${r.region.name}, ${percent(r.growth.growth)} a year)`;
}

/**
 * The opening sentences of a projection table: the recommended figure for the first and last
 * projected years with their 80% ranges, how it was made in one line, and the other methods as
 * scenarios. Empty when the recommended method was not run.
 */
export function recommendedHeadline(projection: AreaProjection, title: (method: string) => string): string[] {
  const recommended = projection.methods.find((m) => m.method === 'recommended');
  if (recommended?.assumptions.method !== 'recommended') return [];
  const a = recommended.assumptions;
  const first = recommended.years[0];
  const last = recommended.years.at(-1);
  if (!first || !last) return [];
  const range = (row: typeof first) => `80% range ${formatNumber(row.lower80)}-${formatNumber(row.upper80)}`;
  const lines = [
    `Recommended: ${formatNumber(first.cla)} children looked after on 31 March ${first.year} (${range(first)})` +
      (last !== first ? `, ${formatNumber(last.cla)} on 31 March ${last.year} (${range(last)}).` : '.'),
  ];
  lines.push(
    a.region
      ? `How: the ${a.year} count of ${formatNumber(a.cla)}, moved with ${regionalChange(a)}: half that change in the first year, three quarters by the second, levelling off at one full year's change.`
      : `How: the ${a.year} count of ${formatNumber(a.cla)} carried forward, because ${a.fallback}.`,
  );
  const others = projection.methods.filter((m) => m.method !== 'recommended');
  if (others.length > 0) {
    lines.push(
      `Other methods, as scenarios for ${first.year}: ` +
        others.map((m) => `${m.method} (${title(m.method)}) ${formatNumber(m.years[0]!.cla)}`).join(', ') +
        '.',
    );
  }
  return lines;
}

export function describeRecommended(a: RecommendedAssumptions): string {
  if (!a.region) return `recommended: the ${a.year} count (${formatNumber(a.cla)}) carried forward, as naive: ${a.fallback}`;
  const g = a.region.growth;
  const members = `${g.members} member${g.members === 1 ? '' : 's'} counted in both years${g.leftOut > 0 ? `, ${g.leftOut} left out for a missing count` : ''}`;
  const source =
    a.region.source === 'input regional rows'
      ? `the regional rows of ${a.region.files.join(', ')}`
      : a.region.source === 'input councils'
        ? `the sum of its councils in ${a.region.files.join(', ')}`
        : `the sum of its councils in the bundled DfE files (${a.region.files.join(', ')})`;
  return (
    `recommended: the ${a.year} count (${formatNumber(a.cla)}) x exp(g x (phi + ... + phi^h)), phi ${a.damping}; ` +
    `g = ${formatNumber(g.growth, 4)} = ln(${formatNumber(g.toTotal)} / ${formatNumber(g.fromTotal)}) / 3, ${a.region.region.name} ${g.fromYear}-${g.toYear} ` +
    `(${members}), from ${source}` +
    (a.fallback ? `; ${a.fallback}` : '')
  );
}

export function describeCalibration(c: NonNullable<RecommendedAssumptions['calibration']>): string {
  const pooled = c.years.filter((y) => y.band === 'all').map((y) => y.year);
  const scaled = c.years.filter((y) => y.measuredHorizon < y.horizon);
  const n = c.years[0]!.n;
  return (
    `recommended intervals: 10th-90th and 2.5th-97.5th percentiles of the same forecast's past errors ln(actual / forecast) ` +
    `over every council and origin with the outcome known by ${c.asOf} (${formatNumber(n)} errors one year ahead), ` +
    `for councils of ${SIZE_BAND_LABELS[c.band]} children` +
    (pooled.length > 0
      ? ` (all sizes pooled for ${pooled.length === c.years.length ? 'every year' : describeYearList(pooled)}: too few errors in the band)`
      : '') +
    (scaled.length > 0
      ? `; beyond ${scaled[0]!.measuredHorizon} years ahead the errors measured ${scaled[0]!.measuredHorizon} years ahead, scaled by the square root of the horizon`
      : '') +
    `; from ${c.description}`
  );
}

function describeYearList(years: number[]): string {
  return years.length > 2 ? `${years[0]}-${years.at(-1)}` : years.join(' and ');
}
