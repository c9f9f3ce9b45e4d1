import type { MethodParameters } from '../model/projection/types.js';
import { formatNumber } from './format.js';

/** The settings of a run that a reader of a report or workbook needs to know, as the CLI parsed them. */
export interface RunSettings extends MethodParameters {
  /** Last year asked for; undefined = base year + 10. */ to?: number;
  rebase: 'ratio' | 'none';
  /** Yearly price inflation, when costs are part of the run. */
  inflation?: number;
}

/** One line of a settings table: what it is, in words, and its value. */
export interface SettingRow {
  item: string;
  value: string | number;
}

/**
 * The run's settings in people's words (no option names, no JSON), for the workbook's Assumptions
 * sheet and the HTML report: each row says what the number means.
 */
export function describeSettings(s: RunSettings): SettingRow[] {
  const rows: SettingRow[] = [
    { item: 'Last year projected', value: s.to ?? 'the base year + 10' },
    { item: 'Years averaged by the average-rate method (avg3)', value: s.window },
    { item: 'Years the trend line is fitted through (trend)', value: s.trendYears },
    { item: 'Trend damping (1 = a straight line; smaller levels off sooner)', value: s.damping },
    {
      item: 'Population each 31 March count is set against',
      value:
        s.populationLag === 0
          ? 'the mid-year of the same year'
          : `mid-year ${s.populationLag} year${s.populationLag === 1 ? '' : 's'} before (as DfE rates are)`,
    },
    {
      item: 'Population projection',
      value: s.rebase === 'ratio' ? 'scaled to agree with the latest estimate' : 'used as published',
    },
    { item: 'Simulated paths for the inflow/outflow ranges (flow)', value: s.simulations },
    { item: 'Random seed of the simulation (the same seed gives the same figures)', value: s.seed },
    {
      item: 'Share of unaccompanied asylum-seeking children leaving care each year (flow)',
      value: `${formatNumber(s.uascExitShare * 100, 0)}%`,
    },
  ];
  if (s.inflation !== undefined)
    rows.push({ item: "Price inflation a year, from each cost's price year", value: `${formatNumber(s.inflation * 100, 1)}%` });
  return rows;
}
