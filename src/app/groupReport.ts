import { InsufficientDataError, UsageError } from '../errors.js';
import type { GroupReportInput } from '../report/groupModel.js';
import { BACKTEST_SIMULATIONS, backtestMembers } from './backtest.js';
import type { RunContext } from './context.js';

import { loadGroupInputs, projectGroups, type GroupSettings } from './groups.js';
import { groupPlacementFiles, groupSufficiency } from './groupSufficiency.js';
import { REPORT_BACKTEST_HORIZON, shownCommand, type ReportSettings } from './report.js';

/** `report --group`'s page: the model, the run's settings and inputs, the tool and the command line shown (argv). */
export async function groupPage(
  context: RunContext,
  settings: Omit<ReportSettings, 'defaultMethods'> & GroupSettings,
  toolVersion: string,
  argv?: readonly string[],
): Promise<GroupReportInput> {
  const model = await groupReportModel(context, settings);
  return { ...model, settings, inputs: context.inputs, toolVersion, command: shownCommand(argv) };
}

/**
 * One group's report: its projection (the total first, its members below), its backtest on the
 * history up to the base year (the recommended total and naive's, each member's rolling forecasts
 * summed), and its placements, gap and costs when every member has placement counts.
 */
async function groupReportModel(
  context: RunContext,
  settings: Omit<ReportSettings, 'defaultMethods'> & GroupSettings,
): Promise<Omit<GroupReportInput, 'settings' | 'inputs' | 'toolVersion' | 'command'>> {
  if (settings.group?.trim().toLowerCase() === 'all') throw new UsageError('a report is of one group: pick it with --group');
  // Read first, so that a bad placement file stops the run before any work.
  const { files, fallback } = groupPlacementFiles(context, { ...settings, episodes: undefined, window: settings.window });
  const loaded = loadGroupInputs(context, settings, settings);
  const { projections } = projectGroups(context, settings, loaded);
  const projection = projections[0]!;
  let backtest: GroupReportInput['backtest'];
  try {
    const { results } = backtestMembers(
      context,
      { inputs: loaded.inputs, groups: [projection.group] },
      {
        ...settings,
        methods: ['recommended', 'naive'],
        simulations: Math.min(settings.simulations, BACKTEST_SIMULATIONS),
        horizon: REPORT_BACKTEST_HORIZON,
        populationAsOf: 'estimates',
        origins: undefined,
      },
      projection.total.baseYear,
    );
    const result = results[0]!;
    backtest = result.forecasts.some((f) => f.method === 'recommended')
      ? { ...result, horizon: REPORT_BACKTEST_HORIZON }
      : { unavailable: 'no forecast of the total could be checked against a later count' };
  } catch (err) {
    if (!(err instanceof InsufficientDataError)) throw err;
    backtest = { unavailable: `the history is too short to backtest (${err.message})` };
  }
  let sufficiency: GroupReportInput['sufficiency'];
  try {
    sufficiency = groupSufficiency(context, projection, loaded, files, fallback, { ...settings, episodes: undefined });
  } catch (err) {
    // without a placements file, a member with no published figures leaves the section out (it says why)
    if (!(err instanceof UsageError) || settings.placements !== undefined) throw err;
  }
  return { projection, backtest, sufficiency };
}
