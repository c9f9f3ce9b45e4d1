import { dampedTrendLimit } from '../model/methods/trend.js';
import { Chalk } from 'chalk';
import { describeArea } from '../model/areas/matching.js';
import type { MethodProjection } from '../model/projection/types.js';
import { baselineUascArrivals } from '../model/methods/flowSimulation.js';
import { formatNumber } from './format.js';
import { DEFAULT_WIDTH, plainTable, wrapText, type WidthOptions } from './plain-table.js';
import { describeCalibration, describeRecommended, recommendedHeadline } from './recommended.js';
import type { AreaReport, PopulationSummary } from './model.js';

export interface RenderOptions extends WidthOptions {
  /** Colour on (terminal) or off (pipes, --no-color, NO_COLOR). */
  color: boolean;
}

export const METHOD_TITLES: Record<string, string> = {
  recommended: 'regional growth',
  avg3: 'average rate',
  trend: 'trend rate',
  naive: 'last count',
  auto: 'own backtest',
  flow: 'inflow/outflow',
};

const dash = '-';
const num = (value: number | null, decimals = 0) => (value === null ? dash : formatNumber(value, decimals));

/** History, projection per method with its 80% range, then assumptions and warnings. */
export function renderTable(reports: readonly AreaReport[], options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  // cli-table3 pads the last column; trailing spaces only make diffs noisy.
  return reports
    .map((report) => renderArea(report, chalk, options.width ?? DEFAULT_WIDTH))
    .join('\n')
    .replace(/[ \t]+$/gm, '');
}

function renderArea({ projection, population }: AreaReport, chalk: InstanceType<typeof Chalk>, width: number): string {
  const lines: string[] = [];
  lines.push(...wrapText(chalk.bold(`${describeArea(projection.area)}: children looked after on 31 March`), width));
  const headline = recommendedHeadline(projection, (m) => METHOD_TITLES[m] ?? m);
  if (headline.length > 0) lines.push(...headline.flatMap((line) => wrapText(line, width)), '');
  lines.push(
    ...wrapText(
      `Base year ${projection.baseYear}, projected to ${projection.toYear}. ` +
        `Rates are per 10,000 children aged 0-17 at mid-year ${projection.populationLag === 0 ? 'of the same year' : `Y-${projection.populationLag}`}.`,
      width,
    ),
  );
  lines.push('');
  lines.push(chalk.bold('History'));
  const history = plainTable(['Year', 'Population 0-17', 'CLA', 'Rate per 10k'], width);
  for (const row of projection.actual) {
    history.push([String(row.year), num(row.population0to17), num(row.cla), num(row.ratePer10k, 1)]);
  }
  lines.push(history.toString());
  lines.push('');
  lines.push(chalk.bold('Projection (point, with 80% range)'));
  const head = ['Year', 'Population 0-17', ...projection.methods.map((m) => `${m.method} (${METHOD_TITLES[m.method]})`)];
  const projected = plainTable(head, width);
  const years = projection.methods[0]?.years.map((y) => y.year) ?? [];
  years.forEach((year, index) => {
    const populationValue = projection.methods.map((m) => m.years[index]!.population0to17).find((p) => p !== null) ?? null;
    projected.push([
      String(year),
      num(populationValue),
      ...projection.methods.map((m) => {
        const row = m.years[index]!;
        return `${formatNumber(row.cla)} (${formatNumber(row.lower80)}-${formatNumber(row.upper80)})`;
      }),
    ]);
  });
  lines.push(projected.toString());
  lines.push('');
  lines.push(chalk.bold('Assumptions'));
  const assumptions = [
    ...projection.methods.map(describeMethod),
    ...projection.methods.map(describeInterval),
    ...describePopulation(population),
  ];
  for (const line of assumptions) lines.push(...wrapText(line, width, '  '));
  if (projection.warnings.length > 0) {
    lines.push('');
    lines.push(chalk.yellow.bold('Warnings'));
    for (const warning of projection.warnings) lines.push(...wrapText(warning, width, '  '));
  }
  return lines.join('\n') + '\n';
}

export function describeMethod(method: MethodProjection): string {
  const a = method.assumptions;
  switch (a.method) {
    case 'avg3':
      return `avg3: mean rate of ${a.years.join(', ')} = ${formatNumber(a.ratePer10k, 2)} per 10,000, held constant and applied to projected population`;
    case 'trend': {
      const { fit, damping } = a;
      const levelsOff = dampedTrendLimit(fit, damping);
      const limit = levelsOff === undefined ? '' : `, levelling off at ${formatNumber(levelsOff, 2)}`;
      return (
        `trend: least-squares line through the rates of ${fit.years.join(', ')}: ` +
        `slope ${formatNumber(fit.slope, 2)} per 10,000 a year, fitted ${fit.baseYear} rate ${formatNumber(fit.fittedAtBase, 2)}; ` +
        `damping ${damping}${limit}`
      );
    }
    case 'naive':
      return `naive: the ${a.year} count (${formatNumber(a.cla)}) carried forward`;
    case 'recommended':
      return describeRecommended(a);
    case 'flow': {
      if ('durations' in a) {
        const p = a.durations.parameters;
        const hazards = p.exitHazard.map((row) => row.map((h) => formatNumber(h * 100, 0)).join('/'));
        return (
          `flow with durations (SSDA903 periods of care; rates of ${p.years.join(', ')}): yearly exit hazard % by completed years in care 0/1/2/3/4/5+: ` +
          ['under1', '1to4', '5to9', '10to15', '16plus'].map((b, i) => `${b} ${hazards[i]}`).join('; ') +
          `; entry per 10k ${p.entryRatePer10k.map((r) => formatNumber(r, 1)).join('/')}; leaving at 18` +
          (p.unaged > 0 ? `; ${p.unaged} children without a date of birth held` : '') +
          (p.uasc.flagged
            ? `; UASC kept apart (they follow arrivals): ${formatNumber(p.uasc.held, 1)} held (recent average; ${p.uasc.opening} in ${p.baseYear})`
            : '; no child flagged UASC (no UASC file), so any are inside the flows')
        );
      }
      const p = a.flow.parameters;
      const bands = p.bands.map(
        (b, i) =>
          `${b.name} entry ${formatNumber(p.entryRatePer10k[i]!, 1)}/10k, exit ${formatNumber(p.exitShare[i]! * 100, 0)}%, residual ${formatNumber(p.residual[i]!, 1)}`,
      );
      return (
        `flow (${p.mode === 'bands' ? 'by age band' : 'on totals, no age bands'}; rates of ${p.years.join(', ')}): ${bands.join('; ')}; ` +
        (p.uasc.separated
          ? `UASC ${formatNumber(p.uasc.held, 1)} held (recent average; ${formatNumber(p.uasc.opening)} in ${p.baseYear}), as if ${formatNumber(baselineUascArrivals(p), 1)} arrived a year and a share ${formatNumber(p.uasc.exitShare, 2)} left; `
          : 'UASC not separated (their count is suppressed), so they are inside the flows; ') +
        `steady state at these rates ${formatNumber(a.flow.steadyState)}`
      );
    }
    case 'auto':
      return `auto: ${a.choice.method}, chosen by the area's own rolling backtest up to ${a.choice.origin} (horizons 1-${a.backtestHorizon}): ${a.choice.reason}`;
  }
}

export function describeInterval(method: MethodProjection): string {
  const { sigma, changes, unit } = method.interval;
  if (unit === 'simulation') {
    const a = method.assumptions;
    const p = a.method === 'flow' ? ('durations' in a ? a.durations.parameters : a.flow.parameters) : undefined;
    const fromReturns = a.method === 'flow' && 'durations' in a && a.durations.parameters.variabilityFrom === 'returns';
    const source = fromReturns ? "the returns' yearly starts and exits" : "the history's starts and ceased";
    const drift = fromReturns ? `, from ${source}` : ", England's (pooled over every council: one council's own is noise)";
    const variability = p
      ? `entries negative binomial (alpha ${formatNumber(p.dispersion, 4)}), exits binomial${p.exitDispersion > 0 ? ` with a yearly shock (alpha ${formatNumber(p.exitDispersion, 4)})` : ''}, from ${source}; ` +
        `entry rate and exit share drifting ${formatNumber(p.entryDrift * 100, 1)}% and ${formatNumber(p.exitDrift * 100, 1)}% a year (sd, log scale)${drift}`
      : `entries negative binomial, over-dispersion alpha ${formatNumber(sigma, 4)}; exits binomial`;
    return `${method.method} intervals: ${formatNumber(changes)} simulated paths (${variability}), 10th-90th and 2.5th-97.5th percentiles`;
  }
  if (unit === 'empirical' && method.assumptions.method === 'recommended' && method.assumptions.calibration) {
    return describeCalibration(method.assumptions);
  }
  if (unit === 'log-ratio') {
    return (
      `${method.method} intervals: calibrated on ${changes} past forecast errors of ${method.assumptions.method === 'auto' ? method.assumptions.choice.method : method.method}, ` +
      `sigma ${formatNumber(sigma, 3)} on the log scale per square root of years ahead, Student's t (${changes} df)`
    );
  }
  const units = unit === 'rate' ? 'per 10,000' : 'children';
  return (
    `${method.method} intervals: random walk on the ${unit}, sigma ${formatNumber(sigma, 2)} ${units} ` +
    `from ${changes} year-on-year changes, Student's t (${changes} df), widening with the square root of years ahead`
  );
}

export function describePopulation(population: PopulationSummary): string[] {
  const { aligned, estimateSources, projectionSources } = population;
  const lines: string[] = [];
  const years = [...aligned.series.values()];
  const estimates = years.filter((p) => p.kind === 'estimate').map((p) => p.midYear);
  const projected = years.filter((p) => p.kind === 'projection').map((p) => p.midYear);
  if (estimates.length > 0) {
    lines.push(`population estimates: mid-${Math.min(...estimates)} to mid-${Math.max(...estimates)} from ${estimateSources.join(', ')}`);
  }
  if (projected.length > 0) {
    const districts = population.districts ? ` (the sum of its ${population.districts} districts)` : '';
    lines.push(
      `population projection: mid-${Math.min(...projected)} to mid-${Math.max(...projected)} from ${projectionSources.join(', ')}${districts}`,
    );
  }
  const extension = aligned.extension;
  if (extension) {
    const from = `the mid-${extension.fromMidYear} figure (${formatNumber(extension.fromValue)})`;
    lines.push(
      `population extended on request (--population-extend ${extension.method}): mid-${extension.firstMidYear}${extension.lastMidYear > extension.firstMidYear ? ` to mid-${extension.lastMidYear}` : ''} ` +
        (extension.method === 'flat'
          ? `held at ${from}`
          : `from ${from}, by the log-linear trend of the mid-${extension.trendMidYears[0]} to mid-${extension.trendMidYears.at(-1)} estimates ` +
            `(${formatNumber((Math.exp(extension.growth) - 1) * 100, 2)}% a year) damped by ${extension.damping}: half a year's change the first year, ` +
            `three quarters by the second, levelling off at one year's (${formatNumber((Math.exp((extension.growth * extension.damping) / (1 - extension.damping)) - 1) * 100, 2)}% in all)`),
    );
  }
  const rebasing = aligned.rebasing;
  if (rebasing) {
    if (rebasing.midYear === undefined) {
      lines.push('projection not rebased: it has no mid-year in common with the estimates');
    } else if (rebasing.method === 'none') {
      lines.push(
        `projection used as published (--rebase none); at mid-${rebasing.midYear} it is ${formatNumber(rebasing.projected!)} against an estimate of ${formatNumber(rebasing.estimate!)}`,
      );
    } else {
      lines.push(
        `projection rebased by x${rebasing.factor.toFixed(4)} = estimate ${formatNumber(rebasing.estimate!)} / projected ${formatNumber(rebasing.projected!)} at mid-${rebasing.midYear}`,
      );
    }
  }
  return lines;
}
