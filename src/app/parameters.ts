import type { ExtendMethod, RebaseMethod } from '../model/population/rebase.js';
import type { MethodParameters, ProjectionOptions } from '../model/projection/types.js';
import type { MethodName } from '../model/types.js';

/** What every projecting command is asked for: the areas, the methods and how far. */
export interface ProjectionSettings extends MethodParameters {
  methods: MethodName[];
  baseYear?: number;
  to?: number;
  rebase: RebaseMethod;
  populationExtend?: ExtendMethod;
}

/** The methods' options as the model takes them, from the flat settings of the command line. */
export function projectionOptionsFrom(
  o: MethodParameters,
): Omit<ProjectionOptions, 'methods' | 'flow'> & { flow: NonNullable<ProjectionOptions['flow']> } {
  return {
    window: o.window,
    trendYears: o.trendYears,
    damping: o.damping,
    populationLag: o.populationLag,
    flow: { simulations: o.simulations, seed: o.seed, uascExitShare: o.uascExitShare },
  };
}

/**
 * The `parameters` block of every command's JSON, one layout for all: the areas and methods, the
 * methods' parameters, then what the command adds. Keys are written in snake_case by the renderer.
 */
export function runParameters(
  settings: Partial<ProjectionSettings> & { area?: string; region?: string; group?: string; groups?: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    area: settings.area ?? null,
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.group !== undefined ? { group: settings.group, groups: settings.groups ?? null } : {}),
    methods: settings.methods ?? null,
    window: settings.window ?? null,
    simulations: settings.simulations ?? null,
    seed: settings.seed ?? null,
    uascExitShare: settings.uascExitShare ?? null,
    trendYears: settings.trendYears ?? null,
    damping: settings.damping ?? null,
    baseYear: settings.baseYear ?? null,
    to: settings.to ?? null,
    populationLag: settings.populationLag ?? null,
    rebase: settings.rebase ?? null,
    populationExtend: settings.populationExtend ?? null,
    ...extra,
  };
}
