import { InputError, UsageError } from '../errors.js';
import { parseCosts, type ByCouncil } from '../io/placements.js';
import type { Group } from '../model/areas/groups.js';
import { sameArea } from '../model/areas/matching.js';
import { costsFor, groupCosts, groupDemand, groupPlaces, namesGroup } from '../model/sufficiency/group.js';
import { annualCosts, capacityGap, capacityInUse, type Capacity, type WeeklyCost } from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import type { GroupProjection, GroupSufficiency } from '../report/groupModel.js';
import type { SufficiencyReport } from '../report/sufficiencyModel.js';
import type { RunContext } from './context.js';
import { loadGroupInputs, projectGroups, type GroupInputs, type GroupSettings } from './groups.js';
import {
  fixedMixFor,
  missingPlacements,
  readPlacementFiles,
  type FixedMix,
  type PlacementFiles,
  type PlacementOptions,
} from './placements.js';
import { runParameters } from './parameters.js';
import { flowForWeights, sufficiencyFor, type SufficiencySettings } from './sufficiency.js';

/**
 * Each group's placements, places, gap and costs: every member's from its own placement counts
 * (its rows of --placements, else DfE's published figures for it), places and prices (rows of
 * --capacity and --costs naming it, or naming the group: shared places, the group's prices), then
 * the group's (`model/sufficiency/group.ts`) on its total's projection and range.
 */
async function sufficiencyGroups(
  context: RunContext,
  settings: SufficiencySettings & GroupSettings,
  loaded?: GroupInputs,
): Promise<GroupInputs & { results: GroupSufficiency[]; projections: GroupProjection[] }> {
  if (settings.episodes) throw new UsageError("--episodes are one council's returns: a group's placements come from its members' counts");
  if (settings.scenario)
    throw new UsageError('--scenario changes the placement transitions of one council (with --episodes): a group run does not take it');
  const run = loaded ?? loadGroupInputs(context, settings, settings);
  const { files, fallback } = groupPlacementFiles(context, settings);
  const { projections } = projectGroups(context, settings, run);
  const results = projections.map((p) => groupSufficiency(context, p, run, files, fallback, settings));
  return { ...run, results, projections };
}

/** `sufficiency --group`'s output, with the JSON blocks every command shares. */
export async function groupsSufficiency(context: RunContext, settings: SufficiencySettings & GroupSettings) {
  const { results } = await sufficiencyGroups(context, settings);
  return {
    header: { command: 'sufficiency', parameters: runParameters(settings), inputs: context.inputs, notes: [] },
    groups: results,
    settings,
  };
}

/** The placement files of a group run; a member the --placements file does not name takes DfE's published figures. */
export function groupPlacementFiles(context: RunContext, settings: PlacementOptions): { files: PlacementFiles; fallback: PlacementFiles } {
  const files = readPlacementFiles(context, settings);
  return { files, fallback: settings.placements ? readPlacementFiles(context, { ...settings, placements: undefined }) : files };
}

/** One group's placements, places, gap and costs, from its projection (its total's first method). */
export function groupSufficiency(
  context: RunContext,
  p: GroupProjection,
  { inputs }: GroupInputs,
  files: PlacementFiles,
  fallback: PlacementFiles,
  settings: SufficiencySettings,
): GroupSufficiency {
  const { group, total } = p;
  const inTotal = p.members.filter((m) => m.report !== undefined && m.leftOut === undefined);
  const fixed = inTotal.map((m) => ({ member: m, fixed: fixedMixFor(files, m.area, inputs) ?? fixedMixFor(fallback, m.area, inputs) }));
  const lacking = fixed.filter((f) => f.fixed === undefined).map((f) => f.member.area);
  if (lacking.length > 0) throw missingPlacements(lacking, inTotal.length, settings.placements);
  const capacity = files.capacity
    ? splitRows(
        files.capacity,
        group,
        inTotal.map((m) => m.area),
      )
    : undefined;
  const costs = parseCosts(files.costs.path, files.costs.text, total.baseYear, context.read);
  checkAreas(
    costs.filter((c) => c.area !== undefined) as (WeeklyCost & { area: Area; line: number })[],
    group,
    inTotal.map((m) => m.area),
    files.costs.path,
  );
  const members = fixed.map(({ member, fixed: own }): SufficiencyReport => {
    const mix: FixedMix = capacity
      ? { ...own!, capacity: capacity.members.get(member.area) ?? [], capacitySource: { given: true, source: files.capacityLabel! } }
      : own!;
    const report = sufficiencyFor(context, member.report!, mix, files, settings, () =>
      flowForWeights(inputs, member.area, member.report!, settings),
    );
    return { ...report, costs: annualCosts(report.demand, costsFor(costs, member.area, group.name), settings.inflation) };
  });
  const method = total.methods[0]!;
  const totals = method.years.map((y) => ({
    year: y.year,
    cla: y.cla,
    lower80: y.interval?.lower80 ?? y.cla,
    upper80: y.interval?.upper80 ?? y.cla,
    lower95: y.interval?.lower95 ?? y.cla,
    upper95: y.interval?.upper95 ?? y.cla,
  }));
  const demand = groupDemand(
    members.map((m) => m.demand),
    totals,
  );
  const types = [...new Set(demand.map((d) => d.placementType))];
  const years = totals.map((t) => t.year);
  const places = groupPlaces(
    capacity?.shared ?? [],
    fixed.map(({ fixed: own }, i) => (capacity ? (capacity.members.get(inTotal[i]!.area) ?? []) : capacityInUse(own!.placements))),
    years,
    types,
  );
  const placementYears = [...new Set(members.flatMap((m) => m.placementYears ?? []))].sort((a, b) => a - b);
  const sources = fixed.map(({ member, fixed: own }) => ({
    area: member.area,
    published: own!.published !== undefined,
    source: own!.published
      ? `DfE's published placements (${own!.published.label})`
      : (files.placements?.rows.some((r) => r.area && sameArea(r.area, member.area)) ? files : fallback).placementsLabel,
  }));
  const groupReport: SufficiencyReport = {
    area: { code: '', name: group.name },
    method: method.method,
    baseYear: total.baseYear,
    mix: {
      shares: new Map(demand.filter((d) => d.year === years[0]).map((d) => [d.placementType, d.share])),
      byYear: new Map(years.map((y) => [y, new Map(demand.filter((d) => d.year === y).map((d) => [d.placementType, d.share]))])),
      years: [...new Set(members.flatMap((m) => m.mix.years))].sort((a, b) => a - b),
    },
    placementYears,
    capacity: capacity
      ? { given: true, source: files.capacityLabel! }
      : { given: false, year: placementYears.at(-1) ?? null, source: "its members' placement counts" },
    basis: {
      kind: 'fixed-mix',
      years: placementYears,
      source: `its ${members.length} members' placements added up, each its own mix`,
    },
    demand,
    gap: capacityGap(demand, places),
    costs: groupCosts(
      members.map((m) => m.costs ?? []),
      demand,
    ),
    inflation: settings.inflation,
    projection: totals,
  };
  const warnings = [...p.warnings, ...(method.noRange ? [`The total of ${group.name} has no range: ${method.noRange}.`] : [])];
  if (method.method !== 'recommended')
    warnings.push(`The total by ${method.method} has no range (only the recommended total's is measured): its bounds are the point.`);
  return { group, total: groupReport, members, sources, shared: capacity?.shared ?? [], warnings };
}

/**
 * A capacity file's rows for the group itself (rows naming it, or no council: shared places) and
 * for each member.
 * @throws InputError for a row naming neither the group nor a member (file, line, column)
 */
function splitRows(
  file: ByCouncil<Capacity>,
  group: Group,
  members: readonly Area[],
): { shared: Capacity[]; members: Map<Area, Capacity[]> } {
  const shared = file.rows.filter((r) => r.area === undefined || namesGroup(r.area, group.name));
  const own = new Map(members.map((m) => [m, file.rows.filter((r) => r.area !== undefined && sameArea(r.area, m))]));
  checkAreas(file.rows.filter((r) => r.area !== undefined) as (Capacity & { area: Area; line?: number })[], group, members, file.source);
  return { shared, members: own };
}

function checkAreas(rows: readonly { area: Area; line?: number }[], group: Group, members: readonly Area[], source: string): void {
  const stray = rows.find((r) => !namesGroup(r.area, group.name) && !members.some((m) => sameArea(r.area, m)));
  if (stray) {
    throw new InputError('unknown-area', `"${stray.area.name}" is neither the group ${group.name} nor one of its members in the total`, {
      file: source,
      line: stray.line,
      column: 'area',
    });
  }
}
