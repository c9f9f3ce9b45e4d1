import { DFE_AGE_BANDS } from '../model/episodes/calendar.js';
import { CODE_CATEGORIES, PLACEMENT_TYPE_INFO } from '../model/episodes/placementTypes.js';
import { LEFT, type PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import { renderCsv } from './csv.js';
import { formatNumber, round } from './format.js';
import { plainTable, tableText, wrapText } from './plain-table.js';

const TRANSITION_COLUMNS = ['age_band', 'from', 'to', 'rate', 'count'] as const;
type TransitionRecord = Record<(typeof TRANSITION_COLUMNS)[number], string | number>;

const destination = (t: number) => (t === LEFT ? 'left_care' : CODE_CATEGORIES[t]!);

/**
 * The estimated rates, one row per age band (at the start of the year), placement type on one 31
 * March and where the children were on the next: another type (or the same) or `left_care`, with
 * the band's own count of those moves; rates out of one type sum to 1. Where fewer than 10 of the
 * band were in the type, the rates are all bands' (the count stays the band's own). Rows with
 * `from` = `entered` are the year's entrants by age band at entry: where they were on their first
 * 31 March, or `left_care` within the year. Bands and types nobody was in are left out.
 */
export function transitionRecords(p: PlacementTransitionParameters): TransitionRecord[] {
  const records: TransitionRecord[] = [];
  DFE_AGE_BANDS.forEach((band, b) => {
    p.rows[b]!.forEach((row, s) => {
      if (row.atRisk === 0) return;
      row.rates.forEach((rate, t) => {
        if (rate > 0 || row.own[t]! > 0)
          records.push({ age_band: band, from: CODE_CATEGORIES[s]!, to: destination(t), rate: round(rate, 6), count: row.own[t]! });
      });
    });
    const entered = p.entrants.entered[b]!;
    if (entered === 0) return;
    const byType = CODE_CATEGORIES.map((_, s) => p.entrants.byAgeType[b]!.reduce((sum, ages) => sum + ages[s]!, 0));
    const left = entered - byType.reduce((s, v) => s + v, 0);
    [...byType, left].forEach((count, t) => {
      if (count > 0) records.push({ age_band: band, from: 'entered', to: destination(t), rate: round(count / entered, 6), count });
    });
  });
  return records;
}

export function renderTransitionsCsv(p: PlacementTransitionParameters): string {
  return renderCsv(TRANSITION_COLUMNS, transitionRecords(p));
}

/** The yearly chance of staying, moving and leaving, by band and type, as a table for people. */
const SHORT_HEADS = CODE_CATEGORIES.map((c) => PLACEMENT_TYPE_INFO[c].short);

export function renderTransitionsTable(p: PlacementTransitionParameters, { width = Infinity } = {}): string {
  const pct = (v: number) => (v === 0 ? '-' : `${formatNumber(v * 100, 0)}%`);
  const out: string[] = [];
  out.push(
    ...wrapText(
      `Placement moves in a year, by age band on the first 31 March (${p.years.join(', ')}); rows: type then, columns: a year later`,
      width,
    ),
    '',
  );
  const table = plainTable(['Band', 'Type on 31 March', 'Children', ...SHORT_HEADS, 'Left care'], width);
  DFE_AGE_BANDS.forEach((band, b) => {
    p.rows[b]!.forEach((row, s) => {
      if (row.atRisk === 0) return;
      table.push([band, SHORT_HEADS[s]!, `${row.atRisk}${row.from === 'all-bands' ? '*' : ''}`, ...row.rates.map(pct)]);
    });
  });
  out.push(
    tableText(table),
    ...wrapText("* fewer than 10 children: the rates are all bands' for that type", width, '  '),
    ...wrapText(`types: ${CODE_CATEGORIES.map((c, i) => `${SHORT_HEADS[i]} = ${PLACEMENT_TYPE_INFO[c].label}`).join('; ')}`, width, '  '),
    '',
  );
  return out.join('\n');
}
