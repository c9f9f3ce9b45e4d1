import { InputError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import type { Area, AreaHistory } from '../model/types.js';
import type { CombinedHistory, Provenance } from './combine.js';
import { thousands } from './limits.js';
import { UNNAMED_AREA, type PopulationFile } from './population.js';

/**
 * Checks that the figures could be real. The impossible stops the run (a count in the future, more
 * children in care than children, UASC above all children in care, more children than England
 * has); the implausible is a warning naming file and line (a rate above 400 per 10,000, a jump of
 * more than half in a council's count, a population jump of more than a fifth).
 */

/** More children than live in England (about 12 million aged 0-17): no English area has it. */
const MAX_CHILDREN = 20_000_000;
/** Per 10,000 aged 0-17; the highest English council is about half of it (Blackpool, ~220). */
const IMPLAUSIBLE_RATE = 400;
/** A year-on-year change in the count above this share... */
const IMPLAUSIBLE_CHANGE = 0.5;
/** ...in a council with more children in care than this. */
const CHANGE_MIN_CHILDREN = 100;
/** A year-on-year change in a 0-17 population above this share. */
const IMPLAUSIBLE_POPULATION_JUMP = 0.2;

export type FindingKind = 'rate' | 'change' | 'population-jump';

/** An implausible figure: worth a warning, not a stop. */
export interface Finding {
  kind: FindingKind;
  file: string;
  line: number;
  message: string;
  /** The area the figure is of, so that warnings can speak of the areas being run. */
  area?: Area;
}

/** The latest year ending 31 March that has ended by `today` (31 March itself counts). */
export function latestYearEnded(today: Date): number {
  const year = today.getUTCFullYear();
  const afterMarch = today.getUTCMonth() > 2 || (today.getUTCMonth() === 2 && today.getUTCDate() >= 31);
  return afterMarch ? year : year - 1;
}

const FIELDS = ['cla', 'starts', 'ceased', 'uasc'] as const;

/**
 * Placement counts are of children in care on a 31 March that has passed: a later one would be
 * shown as "today's places in use" on a day not yet reached.
 * @throws InputError `impossible-value` naming file, line and column
 */
export function checkPlacementYears(file: { source: string; rows: readonly { year: number; line?: number }[] }, today: Date): void {
  const latest = latestYearEnded(today);
  const future = file.rows.find((r) => r.year > latest);
  if (future) {
    throw new InputError(
      'impossible-value',
      `placements counted on 31 March ${future.year}, which is in the future (today is ${today.toISOString().slice(0, 10)}): expected years up to ${latest}`,
      { file: file.source, line: future.line, column: 'year' },
    );
  }
}

/**
 * The history's figures against each other, against the calendar and against the area's
 * population (`populationOf` gives mid-year populations, estimates first, or undefined).
 * @returns the implausible figures, for warnings
 * @throws InputError `impossible-value` naming file, line and column
 */
export function checkHistory(
  combined: CombinedHistory,
  today: Date,
  populationOf: (area: Area) => Map<number, number> | undefined = () => undefined,
): Finding[] {
  const findings: Finding[] = [];
  const latest = latestYearEnded(today);
  for (const history of combined.areas) {
    const sources = combined.sources.get(history.area) ?? new Map<number, Provenance>();
    const where = (year: number, column?: string) => ({ ...(sources.get(year) ?? { file: '(history)', line: 0 }), column });
    const population = populationOf(history.area);
    let previous: AreaHistory['years'][number] | undefined;
    for (const y of history.years) {
      if (y.year > latest) {
        throw new InputError(
          'impossible-value',
          `${describeArea(history.area)} has a count for 31 March ${y.year}, which is in the future (today is ${today.toISOString().slice(0, 10)}): expected years up to ${latest}`,
          where(y.year, 'year'),
        );
      }
      for (const field of FIELDS) {
        const value = y[field];
        if (value !== null && value > MAX_CHILDREN) {
          throw new InputError(
            'impossible-value',
            `${thousands(value)} children is more than live in England (about 12 million aged 0-17): expected a council's count`,
            where(y.year, field),
          );
        }
      }
      if (y.uasc !== null && y.cla !== null && y.uasc > y.cla) {
        throw new InputError(
          'impossible-value',
          `${describeArea(history.area)} ${y.year}: ${thousands(y.uasc)} unaccompanied asylum-seeking children in care but ${thousands(y.cla)} children in care in all: UASC are among them, so cannot be more`,
          where(y.year, 'uasc'),
        );
      }
      // The rate for 31 March Y uses the population of mid-year Y - 1 (DfE), else mid-year Y.
      const children = population?.get(y.year - 1) ?? population?.get(y.year);
      if (y.cla !== null && children !== undefined) {
        const most = Math.max(children, population?.get(y.year) ?? 0);
        if (y.cla > most) {
          throw new InputError(
            'impossible-value',
            `${describeArea(history.area)} ${y.year}: ${thousands(y.cla)} children in care but ${thousands(Math.round(most))} children aged 0-17 live there: ` +
              'expected a count below the population (are the history and population the same area, and the count not a rate?)',
            where(y.year, 'cla'),
          );
        }
        const rate = (y.cla / children) * 10_000;
        if (rate > IMPLAUSIBLE_RATE) {
          const at = where(y.year, 'cla');
          findings.push({
            area: history.area,
            kind: 'rate',
            file: at.file,
            line: at.line,
            message: `${describeArea(history.area)} ${y.year}: ${Math.round(rate)} children in care per 10,000 aged 0-17 (${thousands(y.cla)} of ${thousands(Math.round(children))}), above ${IMPLAUSIBLE_RATE}, twice the highest English council's`,
          });
        }
      }
      if (previous && previous.year === y.year - 1 && previous.cla !== null && y.cla !== null && previous.cla > CHANGE_MIN_CHILDREN) {
        const change = (y.cla - previous.cla) / previous.cla;
        if (Math.abs(change) > IMPLAUSIBLE_CHANGE) {
          const at = where(y.year, 'cla');
          findings.push({
            area: history.area,
            kind: 'change',
            file: at.file,
            line: at.line,
            message: `${describeArea(history.area)} ${y.year}: ${thousands(y.cla)} children in care after ${thousands(previous.cla)} in ${previous.year} (${change > 0 ? '+' : ''}${Math.round(change * 100)}%), a change of more than ${IMPLAUSIBLE_CHANGE * 100}% in a year`,
          });
        }
      }
      previous = y;
    }
  }
  return findings;
}

/**
 * Population files: more children than England has is impossible; a jump of more than a fifth from
 * one mid-year to the next in one area is implausible (a boundary change, or another area's row).
 * @throws InputError `impossible-value`
 */
export function checkPopulation(file: PopulationFile): Finding[] {
  const findings: Finding[] = [];
  const byArea = new Map<string, { area: Area; years: { midYear: number; value: number; line: number }[] }>();
  for (const record of file.records) {
    if (record.population0to17 > MAX_CHILDREN) {
      throw new InputError(
        'impossible-value',
        `${record.area.name === UNNAMED_AREA ? '' : `${describeArea(record.area)} `}mid-${record.midYear}: ${thousands(Math.round(record.population0to17))} children aged 0-17 is more than live in England (about 12 million): expected an area's population`,
        { file: file.source, line: record.line },
      );
    }
    const key = `${record.area.code}|${record.area.dfeCode ?? ''}|${record.area.name}`;
    let entry = byArea.get(key);
    if (entry === undefined) byArea.set(key, (entry = { area: record.area, years: [] }));
    entry.years.push({ midYear: record.midYear, value: record.population0to17, line: record.line });
  }
  for (const { area, years } of byArea.values()) {
    years.sort((a, b) => a.midYear - b.midYear);
    for (let i = 1; i < years.length; i++) {
      const [before, after] = [years[i - 1]!, years[i]!];
      if (after.midYear !== before.midYear + 1) continue;
      const change = (after.value - before.value) / before.value;
      if (Math.abs(change) > IMPLAUSIBLE_POPULATION_JUMP) {
        findings.push({
          area,
          kind: 'population-jump',
          file: file.source,
          line: after.line,
          message: `${describeArea(area)}: ${thousands(Math.round(after.value))} children aged 0-17 at mid-${after.midYear} after ${thousands(Math.round(before.value))} at mid-${before.midYear} (${change > 0 ? '+' : ''}${Math.round(change * 100)}%), a change of more than ${IMPLAUSIBLE_POPULATION_JUMP * 100}% in a year`,
        });
      }
    }
  }
  return findings;
}

/**
 * Warnings for stderr, a few of each kind in full and the rest counted, so that a national file
 * with many odd rows gives a readable summary rather than a hundred lines.
 */
export function describeFindings(findings: readonly Finding[], shown = 3): string[] {
  const lines: string[] = [];
  for (const kind of ['rate', 'change', 'population-jump'] as const) {
    const group = findings.filter((f) => f.kind === kind);
    for (const f of group.slice(0, group.length > shown + 1 ? shown : group.length)) lines.push(`${f.file} line ${f.line}: ${f.message}`);
    if (group.length > shown + 1) {
      const rest = group.slice(shown);
      lines.push(
        `and ${rest.length} more like it (${rest
          .slice(0, 5)
          .map((f) => `${f.file} line ${f.line}`)
          .join('; ')}${rest.length > 5 ? '; ...' : ''})`,
      );
    }
  }
  return lines;
}
