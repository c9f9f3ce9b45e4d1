import { formatNumber } from './format.js';
import { describeArea } from '../model/areas/matching.js';
import type { Area } from '../model/types.js';

/**
 * The notes and warnings a run prints on stderr about its inputs: what was suppressed, replaced,
 * implausible or joined, in words. They speak of the areas being run; the rest of a national file
 * is summed up in one line a file.
 */

/** A suppressed or empty cell read as missing (io/values.ts `MissingCell`). */
interface MissingCell {
  file: string;
  line: number;
  column: string;
  value: string;
  area?: Area;
}

/** A line for stderr: `note: ...` or `warning: ...`. */
export interface InputNote {
  level: 'note' | 'warning';
  text: string;
}

/** What reading the inputs found, split by whether it concerns an area of the run. */
export interface InputFindings {
  /** Implausible figures (io/plausibility.ts), already worded, about areas of the run. */
  findings: readonly string[];
  /** Implausible figures in other areas: how many, in which files. */
  elsewhere: readonly { file: string }[];
  /** Suppressed or empty cells in the areas run, and elsewhere. */
  missing: readonly MissingCell[];
  missingElsewhere: readonly MissingCell[];
  /** Later files replacing years of an area: the areas run, and elsewhere. */
  overrides: readonly { text: string; area: Area }[];
  overridesElsewhere: readonly { text: string; area: Area }[];
}

export function inputNotes(found: InputFindings): InputNote[] {
  const notes: InputNote[] = found.findings.map((text) => ({ level: 'warning', text }));
  if (found.elsewhere.length > 0) {
    const files = [...new Set(found.elsewhere.map((f) => f.file))].join(', ');
    const n = found.elsewhere.length;
    notes.push({
      level: 'note',
      text: `${files}: ${n} implausible figure${n === 1 ? '' : 's'} in other areas, not run (run them with --area to see)`,
    });
  }
  notes.push(...missingNotes(found.missing));
  for (const { text } of found.overrides) notes.push({ level: 'note', text });
  const byFile = new Map<string, { cells: number; areas: Set<string>; replaced: Set<string> }>();
  const entry = (file: string) => byFile.get(file) ?? byFile.set(file, { cells: 0, areas: new Set(), replaced: new Set() }).get(file)!;
  for (const c of found.missingElsewhere) {
    const e = entry(c.file);
    e.cells++;
    e.areas.add(c.area!.code || c.area!.name);
  }
  for (const o of found.overridesElsewhere) entry(o.text.split(' replaces ')[0]!).replaced.add(o.area.name);
  for (const [file, e] of byFile) {
    const said = [
      e.cells > 0
        ? `${e.cells} suppressed or empty value${e.cells === 1 ? '' : 's'} (treated as missing) in ${e.areas.size} other area${e.areas.size === 1 ? '' : 's'}`
        : '',
      e.replaced.size > 0 ? `replaces years of ${e.replaced.size} other area${e.replaced.size === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    notes.push({ level: 'note', text: `${file}: ${said.join('; ')}, not run` });
  }
  return notes;
}

/** Suppression markers and empty counts, summarised per file and column. */
function missingNotes(cells: readonly MissingCell[]): InputNote[] {
  const groups = new Map<string, MissingCell[]>();
  for (const c of cells) {
    const key = `${c.file}\u0000${c.column}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const shown = group
      .slice(0, 3)
      .map((c) => `line ${c.line} "${c.value}"`)
      .join(', ');
    const more = group.length > 3 ? ` and ${group.length - 3} more` : '';
    return {
      level: 'note',
      text: `${first.file} column "${first.column}": ${group.length} suppressed or empty value${group.length > 1 ? 's' : ''} treated as missing (${shown}${more})`,
    };
  });
}

/** Councils reorganised into others, joined into one series for `--area all`. */
export function joinedNote(join: { predecessors: readonly Area[]; successors: readonly Area[]; area: Area; firstYear: number }): string {
  return (
    `${join.predecessors.map(describeArea).join(', ')} and ${join.successors.map(describeArea).join(', ')} ` +
    `are joined into one series, "${join.area.name}", reorganised from ${join.firstYear}`
  );
}

/** `A`, `A and B`, `A, B and C`. */
const listed = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Councils replaced by others, when the current councils are run (projections, sufficiency,
 * reports): each successor from its own years, the councils replaced not run.
 */
export function replacedNote(r: { predecessors: readonly Area[]; successors: readonly Area[]; firstYear: number }): string {
  return (
    `${listed(r.predecessors.map(describeArea))} ${r.predecessors.length === 1 ? 'was' : 'were'} replaced on 1 April ${r.firstYear - 1} by ` +
    `${listed(r.successors.map(describeArea))}: each current council is run from its own years (${r.firstYear} on), and the ` +
    `council${r.predecessors.length === 1 ? '' : 's'} replaced ${r.predecessors.length === 1 ? 'is' : 'are'} not run (backtest --area all joins them into one series)`
  );
}

/**
 * A council created by a reorganisation, projected from its own years: the councils it replaced
 * (with their last counts), and why no method uses their years for it (they count other councils'
 * children too).
 */
export function successorNote(s: {
  area: Area;
  firstYear: number;
  predecessors: readonly { area: Area; last?: { year: number; cla: number } }[];
  siblings: readonly Area[];
}): string {
  const before = s.predecessors.map((p) =>
    p.last ? `${p.area.name} (${formatNumber(p.last.cla)} on 31 March ${p.last.year})` : p.area.name,
  );
  const replacing = [s.area, ...s.siblings].map((a) => a.name);
  return (
    `${listed(replacing)} replaced ${listed(before)} on 1 April ${s.firstYear - 1}: ${s.area.name} is projected from its own years (${s.firstYear} on). ` +
    `The years before count ${s.siblings.length > 0 ? "other councils' children too" : 'a different area'}, so no method uses them for it; ` +
    '`backtest --area all` tests the methods on the councils joined into one series'
  );
}

/** Areas a run over several left out, and why. */
export function skippedAreasWarning(skipped: readonly { area: Area; reason: string }[], of: number): string {
  return `skipped ${skipped.length} of ${of} areas:\n${skipped.map((s) => `  ${describeArea(s.area)}: ${s.reason}`).join('\n')}`;
}

/** What `--episodes` read, for stderr. */
export function returnsNote(read: {
  periods: number;
  files: number;
  firstYear: number;
  lastYear: number;
  dropped: number;
  repaired: number;
  shortBreaks: { episodes: number; children: number; included: boolean };
}): string {
  const { shortBreaks } = read;
  return (
    `${read.periods} periods of care from ${read.files} SSDA903 files (returns ${read.firstYear}-${read.lastYear}); ` +
    `${read.dropped} rows dropped, ${read.repaired} repaired (lacproj episodes summarise lists them); ` +
    (shortBreaks.included
      ? `${shortBreaks.episodes} short-break episodes (V3/V4) kept`
      : `${shortBreaks.episodes} short-break episodes (V3/V4) of ${shortBreaks.children} children left out, as DfE counts`)
  );
}

/**
 * The returns and the history far apart in the latest year both count: probably two councils' files.
 */
export function otherCouncilWarning(latest: { year: number; returns: number; published: number }): string {
  return (
    `the SSDA903 returns have ${latest.returns} children in care on 31 March ${latest.year}, the history ${latest.published}: ` +
    `are they the same council's? (flow uses the returns, the other methods the history)`
  );
}
