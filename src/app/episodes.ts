import { describeArea } from '../model/areas/matching.js';
import { dayOf } from '../model/episodes/calendar.js';
import { buildPeriods } from '../model/episodes/periods.js';
import { survivalByBand } from '../model/episodes/survival.js';
import { countByYear, reconcileWithHistory } from '../model/episodes/yearCounts.js';
import { publishedWarning, type EpisodeSummary } from '../report/episodes.js';
import type { RunContext } from './context.js';
import { loadCouncilHistory } from './inputs.js';
import { readReturns } from './returns.js';

export interface EpisodeSettings {
  episodes: string[];
  history?: string[];
  area?: string;
  includeShortBreaks?: boolean;
}

/**
 * SSDA903 returns summarised: periods of care as DfE counts them, stock, starts and ceased by year,
 * Kaplan-Meier time in care by age at entry, and with `history` the published figures beside them.
 */
export async function summariseEpisodes(context: RunContext, settings: EpisodeSettings): Promise<EpisodeSummary> {
  const data = await readReturns(context, settings.episodes);
  const includeShortBreaks = settings.includeShortBreaks ?? false;
  const care = buildPeriods(data.episodes, data.children, { includeShortBreaks });
  const { first: firstYear, last: lastYear } = data.episodes.returnYears()!; // readSsda903 refuses returns without episodes
  const years: number[] = [];
  for (let y = firstYear; y <= lastYear; y++) years.push(y);
  const summary: EpisodeSummary = {
    files: data.files,
    episodes: data.episodes.size,
    repeated: care.repeated,
    periods: care.periods.length,
    children: care.children,
    censorYear: lastYear,
    counts: countByYear(care, years),
    survival: survivalByBand(care.periods, dayOf(lastYear, 3, 31)),
    problems: [...data.problems, ...care.problems],
    shortBreaks: { included: includeShortBreaks, ...care.shortBreaks },
  };
  if (settings.history) {
    const history = loadCouncilHistory(context, settings.history, settings.area);
    summary.published = { area: describeArea(history.area), rows: reconcileWithHistory(summary.counts, history) };
    const warning = publishedWarning(summary.published);
    if (warning) context.log.warn(warning);
  }
  return summary;
}
