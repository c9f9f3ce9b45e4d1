import { InputError } from '../errors.js';
import { parseScenario, type ScenarioFile } from '../io/scenario.js';
import type { PlacementScenario } from '../model/methods/placementScenario.js';
import type { RunContext } from './context.js';

/** Read each `--scenario` file through the run's reader (so a manifest records it) and describe it as an input. */
export function readScenarioFiles(context: RunContext, paths: readonly string[]): ScenarioFile[] {
  return paths.map((path) => {
    const { text, sha256 } = context.reader.text(path);
    const file = parseScenario(text, path);
    context.describeInput({ role: 'scenario', file: path, layout: 'scenario', sha256 });
    return file;
  });
}

/** What each scenario file asked, for the JSON outputs' `scenarios` block. */
export function describeScenarioFiles(files: readonly ScenarioFile[]): Record<string, unknown>[] {
  return files.map((s) => ({
    file: s.source,
    description: s.description ?? null,
    ...(s.area ? { area: s.area.name } : {}),
    ...s.scenario,
    ...(s.placement ? { placementMoves: s.placement.moves, placementEntries: s.placement.entries } : {}),
  }));
}

/**
 * A scenario file as the placement transitions take it: its placement rules, its entry-rate and
 * exit-share rules (which act on the transitions' entrants and leavers too).
 * @throws InputError `scenario-cannot-act` for UASC arrivals: the transitions hold UASC at their recent number by type
 */
export function placementScenarioOf(file: ScenarioFile): PlacementScenario {
  if (file.scenario.uascArrivals !== undefined) {
    throw new InputError(
      'scenario-cannot-act',
      'uasc_arrivals cannot change placements from SSDA903 returns: the transitions hold UASC at their recent number in each type; drop it, or run the scenario without --episodes (the flow method)',
      { file: file.source, line: file.where.uascArrivals, column: 'uasc_arrivals' },
    );
  }
  return {
    name: file.scenario.name,
    entryRate: file.scenario.entryRate,
    exitShare: file.scenario.exitShare,
    moves: file.placement?.moves,
    entries: file.placement?.entries,
  };
}

/**
 * A rule that starts after the last projected year cannot change anything: an error naming its
 * file, line and field, as the flow scenarios' are.
 * @throws InputError `scenario-cannot-act`
 */
export function requirePlacementEffect(file: ScenarioFile, lastYear: number): void {
  const fields = [
    ['entry_rate', file.scenario.entryRate ?? [], file.where.entryRate],
    ['exit_share', file.scenario.exitShare ?? [], file.where.exitShare],
    ['placement_moves', file.placement?.moves ?? [], file.where.placementMoves],
    ['placement_entries', file.placement?.entries ?? [], file.where.placementEntries],
  ] as const;
  for (const [field, rules, lines] of fields) {
    const index = rules.findIndex((r) => r.fromYear !== undefined && r.fromYear > lastYear);
    if (index < 0) continue;
    throw new InputError(
      'scenario-cannot-act',
      `this rule cannot change the placements: it starts in ${rules[index]!.fromYear}, after the last projected year (${lastYear}); start it earlier or project further with --to`,
      { file: file.source, line: lines[index], column: `${field}[${index}]` },
    );
  }
}

/**
 * Placement rules need the transitions, which need SSDA903 returns: without `--episodes` they are
 * an error naming the file and line, never silently ignored.
 * @throws InputError `scenario-cannot-act`
 */
export function refusePlacementRules(files: readonly ScenarioFile[]): void {
  for (const file of files) {
    if (!file.placement) continue;
    const field = file.placement.moves.length > 0 ? 'placement_moves' : 'placement_entries';
    const line = (field === 'placement_moves' ? file.where.placementMoves : file.where.placementEntries)[0];
    throw new InputError(
      'scenario-cannot-act',
      `${field} change the moves between placement types measured from SSDA903 returns: give the returns with --episodes`,
      { file: file.source, line, column: `${field}[0]` },
    );
  }
}
