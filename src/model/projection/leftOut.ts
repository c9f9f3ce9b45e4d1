import type { ObservedRate } from '../population/rates.js';
import { yearsInWords, type AreaHistory, type BaseMethodName } from '../types.js';

/**
 * Why a method the default run leaves out could not be fitted, in a user's words: what the method
 * needs and what this area's history has, never the name of a function (the model's own errors,
 * `averageRate requires at least one year of history`, are for the code that calls it).
 */

const LABELS: Readonly<Record<BaseMethodName, string>> = {
  recommended: 'recommended (regional growth)',
  avg3: 'avg3 (average rate)',
  trend: 'trend (trend rate)',
  naive: 'naive (last count)',
  flow: 'flow (inflow/outflow)',
};

const has = (what: string, years: readonly number[]) =>
  years.length === 0 ? `no year with ${what}` : `${what} for ${yearsInWords(years)}`;

/**
 * The warning for a method left out of the default run: its name in words, what it needs, and the
 * years this area has it for. `message` (the model's error) is used only for a need not listed here
 * (flow's band population and periods of care, whose messages name what is missing).
 */
export function leftOutWarning(
  method: BaseMethodName,
  history: AreaHistory,
  rates: readonly ObservedRate[],
  baseYear: number,
  message: string,
): string {
  const upTo = history.years.filter((y) => y.year <= baseYear);
  const rateYears = rates.map((r) => r.year);
  const counted = upTo.filter((y) => y.cla !== null).map((y) => y.year);
  const needs = {
    avg3: `it needs a rate (a count, and the 0-17 population of the mid-year before) for at least 3 years in a row to measure its range; this area has ${has('a rate', rateYears)}`,
    trend: `it needs a rate (a count, and the 0-17 population of the mid-year before) for at least 3 years to fit a line; this area has ${has('a rate', rateYears)}`,
    naive: `it needs a count for at least 3 years in a row to measure its range; this area has ${has('a count', counted)}`,
    flow: `it needs children starting and ceasing to be looked after in a year and the counts on 31 March of that year and the year before; this area has ${has(
      'starts and ceased',
      upTo.filter((y) => y.starts !== null && y.ceased !== null).map((y) => y.year),
    )}`,
  } as Partial<Record<BaseMethodName, string>>;
  // flow's other needs (a population by age band, periods of care) say what is missing in words already
  const known = method === 'flow' && !message.startsWith('flow requires starts') ? undefined : needs[method];
  return `${LABELS[method]} left out: ${known ?? message}`;
}
