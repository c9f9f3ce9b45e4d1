import { createRunContext } from '../../src/app/context.js';
import type { ProjectionSettings } from '../../src/app/parameters.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../src/model/projection/types.js';

/** A run's context for tests: default limits, today fixed, notes dropped. */
export const testContext = () => createRunContext({ today: new Date('2026-12-01') });

/** The settings the commands parse when given no option (their defaults). */
export const DEFAULT_SETTINGS: ProjectionSettings = {
  ...DEFAULT_PROJECTION_OPTIONS,
  methods: [...DEFAULT_PROJECTION_OPTIONS.methods],
  simulations: 2000,
  seed: 1,
  uascExitShare: 0.5,
  rebase: 'ratio',
};
