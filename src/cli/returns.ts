import { basename } from 'node:path';
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { readSsda903, type Ssda903Data } from '../io/ssda903.js';
import { buildPeriods, type CareHistory, type PeriodsOfCare } from '../model/episodes/periods.js';
import { countByYear, reconcileWithHistory, type YearCounts } from '../model/episodes/yearCounts.js';
import type { AreaHistory } from '../model/types.js';
import type { Io } from './context.js';
import type { LoadedInputs } from './inputs.js';
import { progressReporter } from './progress.js';

/** A council's SSDA903 returns as periods of care, with the stock they count on each 31 March. */
export interface CouncilReturns {
  care: CareHistory;
  /** Stock, starts and ceased the returns count in each of their years. */
  counts: YearCounts[];
  /** Care as known at the end of an earlier year: only the returns up to it read (for backtests). */
  careAt: (origin: number) => CareHistory;
  /** The returns as read, and the periods with every repair made (for listing them). */
  data: Ssda903Data;
  built: PeriodsOfCare;
}

/** `--include-short-breaks`, for every command that reads SSDA903 returns. */
export function includeShortBreaksOption(): Option {
  return new Option(
    '--include-short-breaks',
    'keep episodes of short breaks (legal status V3/V4), which DfE does not count as looked after',
  );
}

/** Read SSDA903 returns with a progress bar on a terminal (a large council's ten years take seconds). */
export async function readReturnsWithProgress(paths: readonly string[], io: Io): Promise<Ssda903Data> {
  let progress: ReturnType<typeof progressReporter> | undefined;
  const data = await readSsda903(paths, (file, files) => {
    progress ??= progressReporter(io, 'reading SSDA903', files);
    progress.tick(basename(file));
  });
  progress?.done();
  return data;
}

/** Read SSDA903 returns for flow with durations (project and backtest), with a note of what was read. */
export async function loadReturns(
  paths: readonly string[],
  inputs: LoadedInputs,
  io: Io,
  { includeShortBreaks = false } = {},
): Promise<CouncilReturns> {
  if (inputs.many) throw new UsageError("--episodes are one council's returns: pick the council with --area");
  const data = await readReturnsWithProgress(paths, io);
  const built = buildPeriods(data.episodes, data.children, { includeShortBreaks });
  const returnYears = data.episodes.returnYears()!; // readSsda903 refuses returns without episodes
  const problems = [...data.problems, ...built.problems];
  const count = (action: string) => problems.filter((p) => p.action === action).length;
  io.stderr(
    `note: ${built.periods.length} periods of care from ${data.files.length} SSDA903 files (returns ${returnYears.first}-${returnYears.last}); ` +
      `${count('dropped')} rows dropped, ${count('repaired')} repaired (lacproj episodes summarise lists them); ` +
      (includeShortBreaks
        ? `${built.shortBreaks.episodes} short-break episodes (V3/V4) kept\n`
        : `${built.shortBreaks.episodes} short-break episodes (V3/V4) of ${built.shortBreaks.children} children left out, as DfE counts\n`),
  );
  const years = Array.from({ length: returnYears.last - returnYears.first + 1 }, (_, i) => returnYears.first + i);
  return {
    care: { periods: built.periods, episodes: built.episodes, firstYear: returnYears.first, lastYear: returnYears.last },
    counts: countByYear(built, years),
    careAt: (origin) => {
      const known = buildPeriods(data.episodes, data.children, { lastReturn: origin, includeShortBreaks });
      return {
        periods: known.periods,
        episodes: known.episodes,
        firstYear: returnYears.first,
        lastYear: Math.min(origin, returnYears.last),
      };
    },
    data,
    built,
  };
}

/**
 * The returns and the history should be the same council's: periods open on 31 March are within a
 * few per cent of DfE's count of children. Far apart in the latest year both have, one of the inputs
 * is probably the wrong one: the warning's text, or undefined.
 */
export function otherCouncilWarning(returns: CouncilReturns, history: AreaHistory): string | undefined {
  const latest = reconcileWithHistory(returns.counts, history)
    .filter((r) => r.measure === 'stock' && r.relativeDifference !== null)
    .at(-1);
  if (!latest || Math.abs(latest.relativeDifference!) <= 0.1) return undefined;
  return (
    `the SSDA903 returns have ${latest.returns} children in care on 31 March ${latest.year}, the history ${latest.published}: ` +
    `are they the same council's? (flow uses the returns, the other methods the history)`
  );
}

/** The same, on stderr (for commands whose output has no place for warnings). */
export function warnIfOtherCouncil(returns: CouncilReturns, history: AreaHistory, io: Io): void {
  const warning = otherCouncilWarning(returns, history);
  if (warning) io.stderr(`warning: ${warning}\n`);
}
