import { SIZE_BAND_LABELS } from '../model/methods/recommended.js';
import type { AreaProjection, RecommendedAssumptions } from '../model/projection/types.js';
import type { SizeBand } from '../model/methods/recommended.js';
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

export function describeCalibration(a: RecommendedAssumptions): string {
  const c = a.calibration!;
  const first = c.years[0]!;
  const label = (band: SizeBand | 'all') => SIZE_BAND_LABELS[band];
  const borrowed = c.years.filter((y) => y.pool.borrowed !== undefined);
  const lender = borrowed[0]?.pool.borrowed;
  const pooled =
    lender === undefined
      ? ''
      : `; pooled with ${lender === 'all' ? 'every size' : `${label(lender)}'s`} for ` +
        `${borrowed.length === c.years.length ? 'every year' : describeYearList(borrowed.map((y) => y.year))}, where the band had fewer than 30`;
  const beyond = c.years.find((y) => y.measuredHorizon < y.horizon);
  return (
    "recommended ranges: as wide as the surprises of the past, in either direction: England's common shock, the median error " +
    `ln(actual / forecast) of every council's forecast from each origin ${c.origins.first}-${c.origins.last} with the outcome known by ${c.asOf}, ` +
    `as it happened and mirrored, plus the council's own part, the errors of councils of ${label(c.band)} children around that median ` +
    `(${formatNumber(first.pool.own)} one year ahead${pooled})` +
    (beyond
      ? `; beyond ${beyond.measuredHorizon} years ahead the shock measured ${beyond.measuredHorizon} years ahead grows in proportion to the horizon and the own part with its square root`
      : '') +
    (a.chanceYears ? `; chance alone (count +/- 1.28 x its square root at 80%) widened ${describeYearList(a.chanceYears)}` : '') +
    `; from ${c.description}`
  );
}

function describeYearList(years: number[]): string {
  return years.length > 2 ? `${years[0]}-${years.at(-1)}` : years.join(' and ');
}
