import { describeAgeStructure, describeBandMix } from './ageMix.js';
import { problemLines } from './episodes.js';
import { formatNumber } from './format.js';
import type { DemandBasis, SufficiencyReport } from './sufficiencyModel.js';
import type { PlacementType } from '../model/episodes/placementTypes.js';
import { fileName, typeName } from './placementNames.js';
import { describeMethod } from './table.js';

/** How the total the placements share out was projected, in words. */
export function methodNote(r: SufficiencyReport): string {
  const basis = r.basis;
  if (basis.kind === 'transitions') {
    return (
      `placement transitions by age band from SSDA903 returns ${basis.firstYear}-${basis.baseYear} (moves measured over ${basis.measuredYears.join(', ')}), ` +
      `projected from 31 March ${basis.baseYear}; ${basis.simulations} simulated paths, seed ${basis.seed}`
    );
  }
  const method = r.source?.projection.methods[0];
  return method ? describeMethod(method) : r.method;
}

/** Which mix by age band was used (the age structure weighting it), or undefined for other bases. */
export function mixByAgeUsed(basis: DemandBasis): string | undefined {
  if (basis.kind !== 'mix-by-age') return undefined;
  return basis.structure.source === 'held'
    ? `mix by age band, age structure held at ${basis.structure.heldYear} (no projection by age band)`
    : "mix by age band, weighted by the flow model's projected age structure";
}

/** "the mean share of each type in 2020, 2021, 2022" ("each band's mean share ..."), or of one year "the share of each type in 2022". */
function meanOf(whose: 'type' | 'band', years: readonly number[]): string {
  const mean = years.length > 1 ? 'mean ' : '';
  const when = years.join(', ');
  return whose === 'type' ? `the ${mean}share of each type in ${when}` : `each band's ${mean}share of each type in ${when}`;
}

/** A type's label where the name is a key of the list (the returns' in-house shares name types by key). */
const labelOf = (type: string) => typeName(type as PlacementType);

/** Where the placement types came from, in one sentence. */
export function describeBasis(basis: DemandBasis): string {
  switch (basis.kind) {
    case 'fixed-mix': {
      const from = `${basis.origin ? `${basis.origin}, ` : ''}${fileName(basis.source)}`;
      return `fixed mix: ${meanOf('type', basis.years)} (${from}; no SSDA903 returns)`;
    }
    case 'given-mix':
      return `fixed mix given in ${fileName(basis.source)} (no SSDA903 returns)`;
    case 'mix-by-age':
      return `${mixByAgeUsed(basis)}: ${meanOf('band', basis.bandMix.years)} (${fileName(basis.source)}; no SSDA903 returns)`;
    case 'transitions': {
      const shares = basis.inHouse
        .map(({ type, share }) => `${labelOf(type)} ${share === null ? 'no children' : `${formatNumber(share * 100, 0)}% in-house`}`)
        .join(', ');
      return `placement types from transitions between types in the SSDA903 returns (not a fixed mix); in-house and external children's homes apart (PLACE_PROVIDER); in-house share of supported accommodation held at ${shares}`;
    }
  }
}

/** Notes on the basis for the Assumptions: the mix by band and its weights, or what the returns held. */
export function basisNotes(basis: DemandBasis): string[] {
  if (basis.kind === 'fixed-mix') return basis.publishedNotes ?? [];
  if (basis.kind === 'mix-by-age') {
    const notes = [describeBandMix(basis.bandMix), describeAgeStructure(basis.structure)];
    if (basis.unprojected !== undefined) notes.push(`no projection by age band: ${basis.unprojected}`);
    return notes;
  }
  if (basis.kind !== 'transitions') return [];
  const comparison = basis.comparison.map(
    (c) => `${c.year} ${formatNumber(c.transitions, 1)} against ${formatNumber(c.durations ?? Number.NaN, 1)}`,
  );
  const sb = basis.shortBreaks;
  return [
    `total children (transitions against flow with durations on the same returns): ${comparison.join('; ')}. They differ because exits here depend on age band and placement type, there on age band and years in care; entrants and UASC are the same`,
    sb.episodes === 0 && !sb.included
      ? 'no short breaks (legal status V3/V4) in the returns'
      : sb.included
        ? `short breaks (V3/V4) kept: ${sb.episodes} episodes of ${sb.children} children`
        : `short breaks (V3/V4) left out, as DfE counts: ${sb.episodes} episodes of ${sb.children} children`,
    ...problemLines(basis.problems).map((l) => `returns: ${l}`),
    ...basis.problems
      .filter((p) => /straight after an episode ending X1/.test(p.reason))
      .map((p) => `start after X1 counted as a start with no cessation: ${p.file} line ${p.line}`),
  ];
}
