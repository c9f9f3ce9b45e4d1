import { dampedTrendLimit } from '../model/methods/trend.js';
import { describeArea } from '../model/areas/matching.js';
import type { MethodProjection } from '../model/projection/types.js';
import { formatNumber } from './format.js';
import type { AreaReport } from './model.js';
import { recommendedHeadline } from './recommended.js';
import { describeMethod, METHOD_TITLES } from './table.js';

/**
 * The plain-English summary of a projection: the headline is the projection's FIRST method (the
 * default, recommended one when the run asks for the defaults), the others are alternatives.
 */
export interface PlainSummary {
  headline: string;
  range: string;
  drivers: string[];
  alternatives: string[];
}

/** "the last count method (naive)"; a method without a title is named as it is. */
export function methodInWords(method: string): string {
  const title = METHOD_TITLES[method];
  return title ? `the ${title} method (${method})` : `the ${method} method`;
}

const range = (lower: number, upper: number) => `${formatNumber(lower)} to ${formatNumber(upper)}`;
const percent = (from: number, to: number) => {
  const change = ((to - from) / from) * 100;
  return `${change >= 0 ? '+' : ''}${formatNumber(change, 1)}%`;
};

export function plainSummary(report: AreaReport): PlainSummary {
  const { projection } = report;
  const headline = projection.methods[0]!;
  const first = headline.years[0]!;
  const last = headline.years.at(-1)!;
  // Against the base year's count: the projection starts there (a later year may be known too).
  const base = projection.actual.find((a) => a.year === projection.baseYear && a.cla !== null);
  const area = describeArea(projection.area);
  const now = base ? `, against ${formatNumber(base.cla!)} on 31 March ${base.year}` : '';
  return {
    headline:
      `${area} is projected to look after about ${formatNumber(last.cla)} children on 31 March ${last.year} ` +
      `(80% range ${range(last.lower80, last.upper80)})${now}, by ${methodInWords(headline.method)}. ` +
      (headline.years.length > 1
        ? `For 31 March ${first.year} it projects ${formatNumber(first.cla)} (${range(first.lower80, first.upper80)}).`
        : ''),
    range: rangeSentence(headline, base?.cla ?? null, projection.baseYear, last),
    drivers: [...drivers(headline, report), ...populationDriver(headline, report)],
    alternatives: projection.methods.slice(1).map((m) => {
      const y = m.years.at(-1)!;
      return `${capitalise(methodInWords(m.method).replace(/^the /, ''))}: ${formatNumber(y.cla)} on 31 March ${y.year} (${range(y.lower80, y.upper80)}).`;
    }),
  };
}

/**
 * What the headline's range is, in words: for the recommended projection as wide as the surprises
 * of the past, in either direction, and wider further ahead; for a council with no children, chance.
 */
function rangeSentence(
  headline: MethodProjection,
  baseCount: number | null,
  baseYear: number,
  last: MethodProjection['years'][number],
): string {
  const at95 = `95% range for ${last.year}: ${range(last.lower95, last.upper95)}`;
  if (baseCount === 0 && last.cla === 0) {
    return (
      `It looked after no children on 31 March ${baseYear}, so there is no spread to measure: the range (${at95}) is what chance alone allows, ` +
      'a council with none having one or two a year later now and then.'
    );
  }
  const what =
    headline.method === 'recommended'
      ? 'The 80% range is as wide as the surprises of the past, in either direction: the number would fall inside it 8 times in 10 ' +
        'if the coming years surprise as much as past years surprised forecasts like this one across England, whichever way numbers turn'
      : 'The 80% range is where the number would fall 8 times in 10 if the coming years vary as the past ones did';
  return `${what} (${at95}). It is wider further ahead, and it does not allow for changes in policy or practice that the history does not show.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a method's projection rests on, in a sentence or two. */
export function drivers(m: MethodProjection, report: AreaReport): string[] {
  const a = m.assumptions;
  switch (a.method) {
    case 'avg3':
      return [
        `The rate of children looked after per 10,000 children aged 0-17 is held at its ${a.years.join(', ')} average, ${formatNumber(a.ratePer10k, 1)}, and applied to the projected population.`,
      ];
    case 'trend': {
      const limit = dampedTrendLimit(a.fit, a.damping);
      return [
        `The rate per 10,000 children follows its trend over ${a.fit.years[0]}-${a.fit.years.at(-1)} (${a.fit.slope >= 0 ? '+' : ''}${formatNumber(a.fit.slope, 2)} a year), ` +
          (limit === undefined ? 'as a straight line.' : `damped so that it levels off at about ${formatNumber(limit, 1)}.`),
      ];
    }
    case 'naive':
      return [`No change: the ${a.year} count of ${formatNumber(a.cla)} is carried forward.`];
    case 'flow': {
      if ('durations' in a) {
        const p = a.durations.parameters;
        return [
          `Children enter care at the ${p.years.join(', ')} rates by age band and leave according to how long they have been in care, from the council's own SSDA903 returns; they leave at 18.`,
        ];
      }
      const p = a.flow.parameters;
      return [
        `Children enter and leave care at the ${p.years.join(', ')} rates${p.mode === 'bands' ? ', by age band' : ''}; ` +
          `at those rates the number would settle at about ${formatNumber(a.flow.steadyState)}.` +
          (p.uasc.separated
            ? ` Unaccompanied asylum-seeking children are held at their recent average, ${formatNumber(p.uasc.held)}.`
            : ''),
      ];
    }
    case 'auto': {
      const chosen = report.projection.methods.find((x) => x.method === a.choice.method);
      return [
        `It is ${methodInWords(a.choice.method)}, chosen by the council's own backtest up to ${a.choice.origin}: ${a.choice.reason}.`,
        ...(chosen ? drivers(chosen, report) : []),
      ];
    }
    case 'recommended': {
      // report/recommended.ts says it in words for the table's headline: "How: the 2025 count ...".
      const how = recommendedHeadline(report.projection, (t) => METHOD_TITLES[t] ?? t).find((line) => line.startsWith('How: '));
      return [how ? capitalise(how.slice('How: '.length)) : describeMethod(m)];
    }
    default:
      return [describeMethod(m)];
  }
}

/**
 * How the 0-17 population changes over the projection, whatever the method: the rate and flow
 * methods apply their rates to it; for the count methods (recommended, naive) the board is told
 * that the headline does not follow it, and what that does to the rate per 10,000 children.
 */
function populationDriver(m: MethodProjection, report: AreaReport): string[] {
  const { projection } = report;
  const base = projection.actual.find((a) => a.year === projection.baseYear);
  const last = [...m.years].reverse().find((y) => y.population0to17 !== null);
  if (!base || base.population0to17 === null || last === undefined) return [];
  const lag = projection.populationLag;
  const [from, to] = [base.population0to17, last.population0to17!];
  const change = `from ${formatNumber(from)} (mid-${projection.baseYear - lag}) to ${formatNumber(to)} (mid-${last.year - lag}), ${percent(from, to)}`;
  const beyond = last.year < m.years.at(-1)!.year ? ` (no population was given beyond mid-${last.year - lag})` : '';
  const a = m.assumptions;
  // auto as the method it chose
  const applied = a.method === 'auto' ? a.choice.method : a.method;
  if (['avg3', 'trend', 'flow'].includes(applied)) return [`The population aged 0-17 it is applied to goes ${change}${beyond}.`];
  const rate = (cla: number, population: number) => formatNumber((cla / population) * 10_000, 1);
  const how = applied === 'naive' ? 'carries the count forward' : "moves the count with its region's growth";
  const rates = base.cla !== null ? `, so the rate per 10,000 children goes from ${rate(base.cla, from)} to ${rate(last.cla, to)}` : '';
  return [`The population aged 0-17 goes ${change}${beyond}. This projection does not follow it: it ${how}${rates}.`];
}
