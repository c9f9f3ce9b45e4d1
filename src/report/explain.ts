import { describeArea } from '../model/areas/matching.js';
import { dampingSum } from '../model/methods/trend.js';
import { formatNumber } from './format.js';
import type { AreaReport } from './model.js';
import { DEFAULT_WIDTH, wrapText, type WidthOptions } from './plain-table.js';

/**
 * Each projected year's arithmetic, so a reader can check it with a calculator:
 * `avg3 2026: 45.10 per 10k x 63,398 / 10,000 = 286.0`.
 */
export function renderExplain(reports: readonly AreaReport[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const lines: string[] = [];
  for (const { projection } of reports) {
    lines.push(`How each projected year of ${describeArea(projection.area)} is computed`);
    for (const method of projection.methods) {
      const a = method.assumptions;
      for (const row of method.years) {
        const h = row.year - projection.baseYear;
        const pop = row.population0to17 === null ? '' : formatNumber(row.population0to17);
        switch (a.method) {
          case 'avg3':
            lines.push(`avg3 ${row.year}: ${formatNumber(a.ratePer10k, 2)} per 10k x ${pop} / 10,000 = ${formatNumber(row.cla, 1)}`);
            break;
          case 'trend': {
            const sum = dampingSum(a.damping, h);
            lines.push(
              `trend ${row.year}: (${formatNumber(a.fit.fittedAtBase, 2)} + ${formatNumber(a.fit.slope, 3)} x ${formatNumber(sum, 3)})` +
                ` = ${formatNumber(row.ratePer10k ?? 0, 2)} per 10k x ${pop} / 10,000 = ${formatNumber(row.cla, 1)}`,
            );
            break;
          }
          case 'naive':
            lines.push(`naive ${row.year}: ${formatNumber(a.cla)} (count on 31 March ${a.year})`);
            break;
          case 'recommended':
            lines.push(
              a.region
                ? `recommended ${row.year}: ${formatNumber(a.cla)} x exp(${formatNumber(a.region.growth.growth, 4)} x ${formatNumber(dampingSum(a.damping, h), 4)}) = ${formatNumber(row.cla, 1)}`
                : `recommended ${row.year}: ${formatNumber(a.cla)} (count on 31 March ${a.year}; ${a.fallback})`,
            );
            break;
          case 'flow': {
            if (row.year !== projection.baseYear + 1) break;
            if ('durations' in a) {
              const p = a.durations.parameters;
              lines.push(
                `flow ${row.year}: each child in care stays with 1 - hazard by band and completed years in care ` +
                  `(first year ${p.exitHazard.map((r) => formatNumber(r[0]! * 100, 0) + '%').join('/')} leave), ages a year, leaves at 18; ` +
                  `entrants = rate x band population x share still in on 31 March; total ${formatNumber(row.cla, 1)}`,
              );
              break;
            }
            for (const d of a.flow.detail.filter((x) => x.year === row.year)) {
              lines.push(
                `flow ${row.year} ${d.band}: ${formatNumber(d.opening, 1)} + ${formatNumber(d.entries, 1)} entries - ${formatNumber(d.exits, 1)} exits` +
                  ` + ${formatNumber(d.ageingIn, 1)} ageing in - ${formatNumber(d.ageingOut, 1)} ageing out + ${formatNumber(d.residual, 1)} residual = ${formatNumber(d.closing, 1)}`,
              );
            }
            lines.push(`flow ${row.year}: total ${formatNumber(row.cla, 1)} (later years: --detail FILE)`);
            break;
          }
          case 'auto':
            lines.push(`auto ${row.year}: ${formatNumber(row.cla, 1)} (the ${a.choice.method} projection; ${a.choice.reason})`);
            break;
        }
      }
    }
    lines.push('');
  }
  return lines.flatMap((line) => wrapText(line, width)).join('\n');
}
