import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { readSsda903, type Ssda903Data } from '../io/ssda903.js';
import { buildPeriods, type CareHistory, type PeriodsOfCare } from '../model/episodes/periods.js';
import { countByYear, reconcileWithHistory, type YearCounts } from '../model/episodes/yearCounts.js';
import type { AreaHistory } from '../model/types.js';
import { otherCouncilWarning, returnsNote } from '../report/inputNotes.js';
import type { Progress, RunContext } from './context.js';
import type { LoadedInputs } from './inputs.js';

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

/** Read SSDA903 returns with a progress bar (a large council's ten years take seconds). */
export async function readReturns(context: RunContext, paths: readonly string[]): Promise<Ssda903Data> {
  let progress: Progress | undefined;
  const data = await readSsda903(context.reader, paths, (file, files) => {
    progress ??= context.progress('reading SSDA903', files);
    progress.tick(basename(file));
  });
  progress?.done();
  for (const f of data.files) {
    const read = context.reader.read.find((r) => r.path === f.file);
    if (read) context.describeInput({ role: `ssda903 ${f.kind}`, file: f.file, layout: `ssda903-${f.kind}`, sha256: read.sha256 });
  }
  return data;
}

/** Read SSDA903 returns for flow with durations (project and backtest), with a note of what was read. */
export async function loadReturns(
  context: RunContext,
  paths: readonly string[],
  inputs: LoadedInputs,
  { includeShortBreaks = false } = {},
): Promise<CouncilReturns> {
  if (inputs.many) throw new UsageError("--episodes are one council's returns: pick the council with --area");
  const data = await readReturns(context, paths);
  const built = buildPeriods(data.episodes, data.children, { includeShortBreaks });
  const returnYears = data.episodes.returnYears()!; // readSsda903 refuses returns without episodes
  const problems = [...data.problems, ...built.problems];
  const count = (action: string) => problems.filter((p) => p.action === action).length;
  context.log.note(
    returnsNote({
      periods: built.periods.length,
      files: data.files.length,
      firstYear: returnYears.first,
      lastYear: returnYears.last,
      dropped: count('dropped'),
      repaired: count('repaired'),
      shortBreaks: { ...built.shortBreaks, included: includeShortBreaks },
    }),
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
 * is probably the wrong one: the warning, or undefined.
 */
export function otherCouncil(returns: CouncilReturns, history: AreaHistory): string | undefined {
  const latest = reconcileWithHistory(returns.counts, history)
    .filter((r) => r.measure === 'stock' && r.relativeDifference !== null)
    .at(-1);
  if (!latest || Math.abs(latest.relativeDifference!) <= 0.1) return undefined;
  return otherCouncilWarning({ year: latest.year, returns: latest.returns, published: latest.published! });
}
