import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { parseGroups } from '../io/groups.js';
import { bundledGroups, findMembers, pickGroups, type Group, type GroupDefinition } from '../model/areas/groups.js';
import { isCouncil } from '../model/areas/regions.js';
import { describeArea } from '../model/areas/matching.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { groupTotal, MAX_MEMBER_LAG, type GroupTotal } from '../model/projection/groupTotal.js';
import { BASE_METHOD_NAMES, type Area, type AreaHistory, type MethodName } from '../model/types.js';
import type { GroupProjection, MemberProjection } from '../report/groupModel.js';
import type { AreaReport } from '../report/model.js';
import { BUNDLED_NATIONAL_HISTORY } from './bundled.js';
import type { RunContext } from './context.js';
import { historyOf, loadInputs, type InputOptions, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import { extensionFrom, populationOf } from './population.js';
import { recommendedContext } from './regions.js';

/** `--group` and `--groups`: the group (or `all`) and the file defining groups. */
export type GroupSettings = Pick<InputOptions, 'group' | 'groups'>;

/** A group run reads the bundled national files when given no history (every council 2010-2022, London to 2025). */
const GROUP_DEFAULT_POPULATION = ['england/population-0-17-mid-2011-2024.csv'];

/** The inputs of a group run (only the councils its groups need) and its groups with their members. */
export interface GroupInputs {
  inputs: LoadedInputs;
  groups: Group[];
}

/**
 * Read the groups (the file, or DfE's regions), the history and population (the bundled national
 * files by default) and find each group's members in the history.
 * @throws UsageError with --area or --region, or a group that is not there
 */
export function loadGroupInputs(
  context: RunContext,
  settings: InputOptions & GroupSettings,
  work: { simulations?: number; to?: number; baseYear?: number; horizon?: number } = {},
): GroupInputs {
  if (settings.area !== undefined || settings.region !== undefined) {
    throw new UsageError(`--group picks its councils: it cannot be combined with ${settings.area !== undefined ? '--area' : '--region'}`);
  }
  const definitions = settings.groups ? readGroupsFile(context, settings.groups) : bundledGroups(context.bundled.regionTable());
  const picked = pickGroups(settings.group ?? 'all', definitions, settings.groups);
  let groups: Group[] = [];
  const inputs = loadInputs(context, { ...settings, area: 'all' }, work, {
    defaultHistory: BUNDLED_NATIONAL_HISTORY,
    defaultPopulation: GROUP_DEFAULT_POPULATION,
    select: (areas, joined, source) => {
      const found = (d: GroupDefinition) =>
        findMembers(
          d,
          areas.map((a) => a.area),
          joined,
          source,
        );
      // `--group all` over DfE's regions runs those the history holds councils of (one region's file: that one)
      const regions = settings.groups === undefined && picked.length > 1;
      const held = regions
        ? picked.filter((d) => d.kind === 'region' && areas.some((a) => isCouncil(a.area) && d.includes(a.area)))
        : picked;
      if (held.length === 0) throw new InputError('unknown-area', 'no council of any DfE region in the history', { file: source });
      if (held.length < picked.length) {
        context.log.note(
          `--group all: ${picked
            .filter((d) => !held.includes(d))
            .map((d) => d.name)
            .join(', ')} left out (no council of theirs in the history)`,
        );
      }
      groups = held.map(found);
      const wanted = new Set(groups.flatMap((g) => g.members));
      return areas.filter((a) => wanted.has(a.area));
    },
  });
  return { inputs, groups };
}

function readGroupsFile(context: RunContext, path: string) {
  const { text, sha256 } = context.reader.text(path);
  context.describeInput({ role: 'groups', file: path, layout: 'groups', sha256 });
  return parseGroups(text, path, context.read);
}

export interface GroupProjectSettings extends InputOptions, GroupSettings, ProjectionSettings {
  /** Outputs of one area that a group run does not write. */
  chart?: string;
  detail?: string;
  explain?: boolean;
  episodes?: string[];
}

/** Methods that need no population (their points and ranges are counts). */
const COUNT_METHODS: readonly MethodName[] = ['recommended', 'naive'];

/** Last year up to `upTo` with a count. */
function lastCounted(history: AreaHistory, upTo = Infinity): number | undefined {
  return history.years.filter((y) => y.cla !== null && y.year <= upTo).at(-1)?.year;
}

/**
 * Every group's projection: each member through every method (once, whichever groups it is in),
 * then the group's total (`model/projection/groupTotal.ts`). The base year is `--base-year`, else
 * the latest year any member has a count for.
 */
export function projectGroups(
  context: RunContext,
  settings: GroupProjectSettings,
  loaded?: GroupInputs,
): GroupInputs & { projections: GroupProjection[] } {
  const oneArea = (['chart', 'detail', 'explain', 'episodes'] as const).find((o) => settings[o] !== undefined);
  if (oneArea !== undefined) throw new UsageError(`--${oneArea} is for one council: a group run does not take it`);
  const { inputs, groups } = loaded ?? loadGroupInputs(context, settings, settings);
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const table = context.bundled.regionTable();
  const projected = new Map<string, MemberProjection>();
  const parameters = projectionOptionsFrom(settings);
  const projectMember = (area: Area, base: number | undefined, toYear: number, lag: number): MemberProjection => {
    const key = `${area.code}|${area.dfeCode ?? ''}|${area.name}|${base}|${toYear}`;
    if (!projected.has(key)) projected.set(key, projectOne(area, base, toYear, lag));
    return projected.get(key)!;
  };
  const projectOne = (area: Area, base: number | undefined, toYear: number, lag: number): MemberProjection => {
    const history = historyOf(inputs, area);
    const run = (methods: MethodName[], population: AreaReport['population']) =>
      projectWithAuto(history, population.aligned, {
        ...parameters,
        recommended: methods.includes('recommended') ? recommendedFor(area) : undefined,
        methods,
        // a member without what one method needs stays in the group: that method's total is left out, and said
        optional: ['avg3', 'trend', 'naive', 'flow'],
        baseYear: base,
        toYear,
      });
    const noPopulation = (err: unknown): err is InputError => err instanceof InputError && err.code === 'no-population';
    try {
      let population: AreaReport['population'] = { aligned: { series: new Map() }, estimateSources: [], projectionSources: [] };
      try {
        population = populationOf(context, inputs, area, settings.rebase, extensionFrom({ ...settings, to: toYear }));
        return { area, lag, report: { projection: run(settings.methods, population), population } };
      } catch (err) {
        // The recommended total needs no population: the member stays in it, without the methods that do.
        const methods = settings.methods.filter((m) => COUNT_METHODS.includes(m));
        if (!noPopulation(err) || methods.length === 0) throw err;
        const left = settings.methods.filter((m) => !methods.includes(m));
        const projection = run(methods, population);
        return { area, lag, report: { projection, population }, withoutPopulation: `${left.join(', ')} left out: ${err.message}` };
      }
    } catch (err) {
      if (!(err instanceof InsufficientDataError)) throw err;
      return { area, lag, leftOut: err.message };
    }
  };
  const projections = groups.map((group): GroupProjection => {
    const histories = group.members.map((area) => historyOf(inputs, area));
    const baseYear = settings.baseYear ?? Math.max(...histories.map((h) => lastCounted(h) ?? -Infinity));
    const toYear = settings.to ?? baseYear + 10;
    const members = histories.map((history): MemberProjection => {
      const last = lastCounted(history, baseYear);
      if (last === undefined || baseYear - last > MAX_MEMBER_LAG) {
        return {
          area: history.area,
          lag: last === undefined ? Infinity : baseYear - last,
          leftOut:
            last === undefined
              ? `no count up to ${baseYear}`
              : `its latest count is for ${last}, more than ${MAX_MEMBER_LAG} years before ${baseYear}`,
        };
      }
      return projectMember(history.area, settings.baseYear !== undefined ? last : undefined, toYear, baseYear - last);
    });
    const inTotal = members.filter((m) => m.report !== undefined && m.leftOut === undefined);
    if (inTotal.length === 0) {
      throw new InsufficientDataError(
        `no member of ${group.name} could be projected from ${baseYear}: ${members.find((m) => m.leftOut)?.leftOut ?? 'none'}`,
      );
    }
    const calibration = recommendedFor(inTotal[0]!.area).calibration;
    const total = groupTotal(
      inTotal.map((m) => ({ area: m.area, projection: m.report!.projection, region: table.regionOf(m.area)?.code ?? '' })),
      {
        baseYear,
        toYear,
        calibration,
        seed: settings.seed,
        methods: settings.methods.filter((m) => m === 'auto' || BASE_METHOD_NAMES.includes(m)),
      },
    );
    return { group, total, members, warnings: groupWarnings(group, members, total) };
  });
  return { inputs, groups, projections };
}

/** The total's caveats, member by member: left out, projected from an older count, methods missing. */
function groupWarnings(group: Group, members: readonly MemberProjection[], total: GroupTotal): string[] {
  const warnings: string[] = [];
  const out = members.filter((m) => m.leftOut !== undefined);
  if (out.length > 0) {
    warnings.push(`The total of ${group.name} is excluding ${out.map((m) => `${describeArea(m.area)} (${m.leftOut})`).join('; ')}.`);
  }
  for (const m of members.filter((x) => x.leftOut === undefined && x.lag > 0)) {
    const from = total.baseYear - m.lag;
    warnings.push(
      `${describeArea(m.area)} has no count for ${total.baseYear}: the total uses its ${from} count projected ${m.lag} year${m.lag === 1 ? '' : 's'} further, ` +
        `with its own part of the range as wide as ${m.lag} more year${m.lag === 1 ? '' : 's'} ahead.`,
    );
  }
  if (total.missingMethods.length > 0) {
    const lacking = [...new Set(total.missingMethods.flatMap((m) => m.members))];
    const why = members.find((m) => m.area === lacking[0])?.withoutPopulation;
    warnings.push(
      `No group total for ${total.missingMethods.map((m) => m.method).join(', ')}: ` +
        `${lacking.length === members.length ? 'no member' : `${lacking.length} of the ${members.length} members (${lacking.map((a) => a.name).join(', ')})`} could be projected by ` +
        `${total.missingMethods.length === 1 ? 'it' : 'them'}${why ? ` (${why.replace(/^[^:]*: /, '')})` : ''}.`,
    );
  }
  for (const j of group.joinedAs)
    warnings.push(`"${j.query}" is counted as ${describeArea(j.area)} (councils reorganised, joined into one series).`);
  return warnings;
}
