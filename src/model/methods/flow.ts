import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { AGE_BANDS, TOTAL_BAND, type AgeBand, type AgeBandYear } from '../ageBands.js';
import { yearsInWords, type AreaHistory, type Interval } from '../types.js';
import { levelDriftOf, overDispersionOf, type YearCount } from '../stats/variability.js';

/**
 * The inflow/outflow (stock-flow) model: children enter care at a rate per 10,000 of their age
 * band's population, leave at a share of those in care during the year, grow a year older (a
 * fraction 1/width of each band moves up a band each year) and leave at 18. Unaccompanied
 * asylum-seeking children (UASC) follow arrivals, not local population, so they are a cohort of
 * their own, added back in the totals.
 */

export interface FlowOptions {
  /** Years averaged for rates, shares and the residual. */
  window: number;
  populationLag: number;
  /** Share of UASC in care who leave each year (most arrive at 16 and leave at 18: 0.5). */
  uascExitShare: number;
  simulations: number;
  seed: number;
}

export const DEFAULT_FLOW_OPTIONS = { uascExitShare: 0.5, simulations: 2000, seed: 1 } as const;

/** What-ifs applied to the projection years (the `scenario` command's files). */
export interface FlowScenario {
  name: string;
  /** Entry rate multiplied by `factor` from `fromYear` (year ending 31 March), optionally per band. */
  entryRate?: { factor: number; fromYear?: number; bands?: string[] }[];
  /** Exit share plus `add` (e.g. 0.02) from `fromYear`, optionally per band. */
  exitShare?: { add: number; fromYear?: number; bands?: string[] }[];
  /**
   * UASC arrivals per year: a number for every year, by year, or a factor of the arrivals the
   * baseline implies (holding the recent UASC stock U at exit share s takes s x U a year).
   */
  uascArrivals?: number | Record<string, number> | { factor: number; fromYear?: number };
}

export interface FlowParameters {
  mode: 'bands' | 'totals';
  /**
   * On totals although counts by age band were given: what the bands lacked, in words (which
   * counts, which years; the population by single year of age).
   */
  bandsLacking?: string;
  bands: readonly AgeBand[];
  /** Entries per 10,000 children of the band's population, averaged over `years`. */
  entryRatePer10k: number[];
  /** Exits / (opening stock + entries), averaged over `years`. */
  exitShare: number[];
  /** Yearly residual carried forward: closing - (opening + entries - exits + ageing in - ageing out). */
  residual: number[];
  /** The residual of each year used, by band (null where a suppressed cell hides it), for the record. */
  residualByYear: { year: number; byBand: (number | null)[] }[];
  years: number[];
  /** Non-UASC children in care at the base year, by band. */
  opening: number[];
  /**
   * `separated` false: UASC counts were suppressed, so they stay inside the flows above. `latest`:
   * the latest UASC count published up to the base year (within the window), which a scenario's
   * UASC arrivals are measured against when UASC are not kept apart.
   */
  uasc: { opening: number; held: number; exitShare: number; separated: boolean; latest?: { year: number; count: number } };
  /**
   * On totals, each band's share of the children starting to be looked after in the window's years
   * (where starts by band were given): what an entry-rate scenario naming bands acts on.
   */
  startShares?: Partial<Record<string, number>>;
  /** Over-dispersion of entries: variance = mean + alpha x mean^2 (0 = Poisson). */
  dispersion: number;
  /** Over-dispersion of exits, the same way from ceased: the exit share varies from year to year. */
  exitDispersion: number;
  /**
   * Yearly standard deviation of lasting changes in the entry rate and the exit share (random walks
   * on the log scale): England's (`ENGLAND_DRIFT`), not the council's own.
   */
  entryDrift: number;
  exitDrift: number;
  baseYear: number;
}

/** One band's (or the UASC cohort's) flows in one projected year. */
export interface FlowDetail {
  year: number;
  band: string;
  opening: number;
  entries: number;
  exits: number;
  ageingIn: number;
  ageingOut: number;
  residual: number;
  closing: number;
}

export interface FlowProjection {
  parameters: FlowParameters;
  years: { year: number; cla: number; interval: Interval; median: number }[];
  detail: FlowDetail[];
  /** The total the current rates lead to if population stayed at the base year's. */
  steadyState: number;
}

/** Band populations for a mid-year: band totals of children aged 0-17. */
export type BandPopulation = (midYear: number) => number[] | null;

/**
 * Estimate the model's rates from history: bands where by-age counts exist for `window` years
 * (opening and closing stock, starts and ceased in every band), else totals.
 * UASC are taken out first: stock minus UASC on 31 March; their implied arrivals
 * (U_t - (1 - s) U_{t-1}) out of starts and their exits (s U_{t-1}) out of ceased.
 * @throws InsufficientDataError when no year has the counts the model needs
 */
export function estimateFlow(
  history: AreaHistory,
  byAge: readonly AgeBandYear[] | undefined,
  bandPopulation: BandPopulation,
  totalPopulation: (midYear: number) => number | null,
  baseYear: number,
  options: FlowOptions,
): FlowParameters {
  const s = options.uascExitShare;
  const totals = new Map(history.years.map((y) => [y.year, y]));
  const knownUasc = (year: number) => totals.get(year)?.uasc ?? null;
  // UASC are separated only when their count is published for the base year and the year before;
  // where it is suppressed they stay inside the totals (never read as zero) and the model says so.
  const separated = knownUasc(baseYear) !== null && knownUasc(baseYear - 1) !== null;
  const uascAt = (year: number) => (separated ? knownUasc(year) : 0);
  const uascFlows = (year: number) => {
    const now = uascAt(year);
    const before = uascAt(year - 1);
    if (now === null || before === null) return null;
    return { arrivals: Math.max(0, now - (1 - s) * before), exits: s * before, stock: now, before };
  };

  /** A year's flows by band; a null is a suppressed cell, left out of that band's averages. */
  type Observed = {
    year: number;
    opening: number[];
    entries: number[];
    exits: (number | null)[];
    closing: number[];
    population: number[];
  };
  const observedBands = (year: number): Observed | null => {
    const now = byAge?.find((y) => y.year === year);
    const before = byAge?.find((y) => y.year === year - 1);
    const u = uascFlows(year);
    const population = bandPopulation(year - options.populationLag);
    if (!now || !before || !u || !population) return null;
    // Stock and starts are needed in every band; ceased is suppressed more often and may be missing.
    if ([...now.stock, ...before.stock, ...now.starts].some((v) => v === null)) return null;
    const last = AGE_BANDS.length - 1;
    const adjust = (values: (number | null)[], band: number, by: number) => values.map((v, i) => (i === band ? Math.max(0, v! - by) : v!));
    return {
      year,
      opening: adjust(before.stock, last, u.before),
      entries: adjust(now.starts, last, u.arrivals),
      exits: now.ceased,
      closing: adjust(now.stock, last, u.stock),
      population,
    };
  };
  const observedTotals = (year: number): Observed | null => {
    const now = totals.get(year);
    const before = totals.get(year - 1);
    const u = uascFlows(year);
    const population = totalPopulation(year - options.populationLag);
    if (!now || !before || !u || population === null) return null;
    if (now.cla === null || before.cla === null || now.starts === null || now.ceased === null) return null;
    return {
      year,
      opening: [Math.max(0, before.cla - u.before)],
      entries: [Math.max(0, now.starts - u.arrivals)],
      exits: [Math.max(0, now.ceased - u.exits)],
      closing: [Math.max(0, now.cla - u.stock)],
      population: [population],
    };
  };

  const pick = (observe: (year: number) => Observed | null) => {
    const found: Observed[] = [];
    for (let year = baseYear; year > baseYear - 30 && found.length < options.window; year--) {
      const o = observe(year);
      if (o) found.unshift(o);
    }
    return found;
  };
  let mode: FlowParameters['mode'] = 'bands';
  let bands: readonly AgeBand[] = AGE_BANDS;
  let observed = byAge ? pick(observedBands) : [];
  const baseBands = byAge?.find((y) => y.year === baseYear);
  let bandsLacking: string | undefined;
  if (observed.length === 0 || !baseBands || baseBands.stock.some((v) => v === null)) {
    mode = 'totals';
    bands = TOTAL_BAND;
    observed = pick(observedTotals);
    if (byAge !== undefined) {
      bandsLacking = describeBandGaps(byAge, (year) => uascFlows(year) !== null, bandPopulation, baseYear, options);
    }
  }
  if (observed.length === 0) {
    throw new InsufficientDataError('flow requires starts, ceased, UASC and stock for at least one year and the year before it');
  }

  const ageing = (after: (number | null)[]) => after.map((v, b) => (v === null ? null : mode === 'bands' ? v / bands[b]!.width : 0));
  const residualByYear = observed.map((o) => {
    const after = o.opening.map((open, b) => (o.exits[b] === null ? null : open + o.entries[b]! - o.exits[b]!));
    const out = ageing(after);
    return {
      year: o.year,
      byBand: after.map((a, b) => {
        const ageingIn = b > 0 ? out[b - 1]! : 0;
        return a === null || ageingIn === null ? null : o.closing[b]! - (a - out[b]! + ageingIn);
      }),
    };
  });
  const perBand = (f: (o: Observed, b: number) => number | null) =>
    bands.map((_, b) => {
      const values = observed.map((o) => f(o, b)).filter((v): v is number => v !== null && Number.isFinite(v));
      return values.length > 0 ? mean(values) : 0;
    });

  const baseTotals = totals.get(baseYear);
  const uBase = uascAt(baseYear) ?? 0;
  const opening =
    mode === 'bands'
      ? baseBands!.stock.map((v, b) => (b === AGE_BANDS.length - 1 ? Math.max(0, v! - uBase) : v!))
      : [Math.max(0, (baseTotals?.cla ?? 0) - uBase)];
  const recentUasc = history.years
    .filter((y) => y.year <= baseYear && y.uasc !== null)
    .slice(-options.window)
    .map((y) => y.uasc!);
  const latestUasc = history.years.filter((y) => y.year <= baseYear && y.year > baseYear - options.window && y.uasc !== null).at(-1);
  // Starts by band (UASC arrivals out of 16-17 where they are kept apart), summed over the window's
  // years where every band is published: on totals, what an entry rule naming bands acts on.
  const startYears = (byAge ?? []).filter(
    (y) => y.year <= baseYear && y.year > baseYear - options.window && y.starts.every((v) => v !== null) && uascFlows(y.year) !== null,
  );
  const last = AGE_BANDS.length - 1;
  const startSums = AGE_BANDS.map((_, b) =>
    startYears.reduce((sum, y) => sum + (b === last ? Math.max(0, y.starts[b]! - uascFlows(y.year)!.arrivals) : y.starts[b]!), 0),
  );
  const allStarts = startSums.reduce((a, b) => a + b, 0);
  const startShares =
    mode === 'totals' && allStarts > 0 ? Object.fromEntries(AGE_BANDS.map((band, b) => [band.name, startSums[b]! / allStarts])) : undefined;

  return {
    mode,
    ...(bandsLacking ? { bandsLacking } : {}),
    bands,
    entryRatePer10k: perBand((o, b) => (o.population[b]! > 0 ? (o.entries[b]! / o.population[b]!) * 10_000 : null)),
    exitShare: perBand((o, b) =>
      o.exits[b] !== null && o.opening[b]! + o.entries[b]! > 0 ? o.exits[b]! / (o.opening[b]! + o.entries[b]!) : null,
    ),
    residual: bands.map((_, b) => {
      const values = residualByYear.map((r) => r.byBand[b]).filter((v): v is number => v !== null && v !== undefined);
      return values.length > 0 ? mean(values) : 0;
    }),
    residualByYear,
    years: observed.map((o) => o.year),
    opening,
    uasc: {
      opening: uBase,
      held: separated && recentUasc.length > 0 ? mean(recentUasc) : 0,
      exitShare: s,
      separated,
      ...(latestUasc ? { latest: { year: latestUasc.year, count: latestUasc.uasc! } } : {}),
    },
    ...(startShares ? { startShares } : {}),
    dispersion: overDispersion(history, baseYear, 'starts'),
    exitDispersion: overDispersion(history, baseYear, 'ceased'),
    entryDrift: ENGLAND_DRIFT.entry,
    exitDrift: ENGLAND_DRIFT.exit,
    baseYear,
  };
}

/**
 * Why flow could not run by age band, in words: what it needs (for at least one year up to the base,
 * ideally each of the `window` years: children in care on 31 March by band that year and the year
 * before and in the base year, children starting by band, UASC where they are kept apart, and a
 * population by band, which only single years of age give) and what of it the inputs lack there.
 */
function describeBandGaps(
  byAge: readonly AgeBandYear[],
  uascKnown: (year: number) => boolean,
  bandPopulation: BandPopulation,
  baseYear: number,
  options: Pick<FlowOptions, 'window' | 'populationLag'>,
): string {
  const years = Array.from({ length: options.window }, (_, i) => baseYear - options.window + 1 + i);
  const row = (year: number) => byAge.find((y) => y.year === year);
  const complete = (year: number, field: 'stock' | 'starts') => row(year)?.[field].every((v) => v !== null) ?? false;
  const stockYears = [years[0]! - 1, ...years];
  const lacking: string[] = [];
  const noStock = stockYears.filter((y) => !complete(y, 'stock'));
  const suppressed = noStock.filter((y) => row(y)?.stock.some((v) => v !== null));
  if (noStock.length > 0) {
    lacking.push(
      `children looked after on 31 March by age band for ${yearsInWords(noStock)}` +
        (suppressed.length > 0 ? ` (in ${yearsInWords(suppressed)} a band is suppressed)` : ''),
    );
  }
  const noStarts = years.filter((y) => !complete(y, 'starts'));
  const startsSuppressed = noStarts.filter((y) => row(y)?.starts.some((v) => v !== null));
  if (noStarts.length > 0) {
    lacking.push(
      `children starting by age band in ${yearsInWords(noStarts)}` +
        (startsSuppressed.length > 0 ? ` (in ${yearsInWords(startsSuppressed)} a band is suppressed)` : ''),
    );
  }
  const noUasc = years.filter((y) => !uascKnown(y));
  if (noUasc.length > 0) lacking.push(`UASC on 31 March (the history's uasc) for ${yearsInWords(noUasc.flatMap((y) => [y - 1, y]))}`);
  if (years.every((y) => bandPopulation(y - options.populationLag) === null)) {
    lacking.push(
      "a population by single year of age (0-17 totals give no age bands: ONS's subnational projection or the GLA's gives them)",
    );
  }
  return (
    `flow by age band needs, for at least one year to ${baseYear} (ideally each of ${yearsInWords(years)}), children looked after on 31 March by age band ` +
    'that year and the year before, children starting by age band and a population by single year of age; ' +
    `lacking here: ${lacking.join('; ')}`
  );
}

/**
 * How far the entry rate and the exit share drift in a year (sd on the log scale), pooled over
 * England's councils: the mean over councils of levelDriftOf's MS(two-year changes) - MS(one-year
 * changes), 2010-2022, on log starts and on the log share leaving (ceased / (opening + starts)),
 * both net of UASC (`bench/ranges.js` prints the measurement). One council's own estimate, from a
 * dozen yearly counts, is noise: measured on 2010-2016 and again on 2016-2022, councils' estimates
 * correlate -0.02 (starts) and 0.05 (ceased), where their counts' own drift correlates 0.62. Used per
 * council, and on ceased counts (which rise with the stock at an unchanged share), the noise gave a
 * few councils drifts of 37% to 74% a year in both entries and exits, ranges of 3 to 17 times the
 * point ten years ahead (North East Lincolnshire, Kent, City of London).
 */
export const ENGLAND_DRIFT = { entry: 0.14, exit: 0.07 } as const;

/** Yearly starts or ceased up to the base year, where counted: the series `variability.ts` reads. */
function countsOf(history: AreaHistory, baseYear: number, field: 'starts' | 'ceased'): YearCount[] {
  return history.years.filter((y) => y.year <= baseYear && y[field] !== null).map((y) => ({ year: y.year, count: y[field]! }));
}

/** Lasting drift of starts (or ceased) on the log scale: `levelDriftOf` on the history's counts. */
export function levelDrift(history: AreaHistory, baseYear: number, field: 'starts' | 'ceased'): number {
  return levelDriftOf(countsOf(history, baseYear, field));
}

/** Over-dispersion of starts (or ceased): `overDispersionOf` on the history's counts. */
export function overDispersion(history: AreaHistory, baseYear: number, field: 'starts' | 'ceased'): number {
  return overDispersionOf(countsOf(history, baseYear, field));
}
