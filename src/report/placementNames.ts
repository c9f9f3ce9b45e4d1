import { PLACEMENT_TYPE_INFO, type PlacementType } from '../model/episodes/placementTypes.js';

/**
 * Placement types and files in people's words, for tables, reports and workbooks: a type's label
 * ("in-house fostering", never `fostering_inhouse`: CSV and JSON keep the key) and a file's name
 * (never the folders it sits in: the sources table and the Inputs sheet keep the full path).
 */

/** A type in a sentence: "in-house fostering". */
export function typeName(type: PlacementType): string {
  return PLACEMENT_TYPE_INFO[type]?.label ?? type;
}

/** A type as a table head or at the start of a line: "In-house fostering". */
export function typeTitle(type: PlacementType): string {
  const name = typeName(type);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Types in a sentence: "in-house fostering, agency fostering (IFA) and residential care". */
export function typeList(types: readonly PlacementType[]): string {
  const names = types.map(typeName);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A file as a board reads it: its name without the folders ("/home/me/places.csv" -> "places.csv"). */
export function fileName(path: string): string {
  return path.replace(/[/\\]+$/, '').replace(/^.*[/\\]/, '') || path;
}

/**
 * Text for a board with every input file named, not pathed: each of `paths` (as given, and as
 * HTML escapes it) replaced by its file name, longest first so a path inside another is not cut.
 * @example namesNotPaths('councils in /home/me/cla.csv', ['/home/me/cla.csv']) // 'councils in cla.csv'
 */
export function namesNotPaths(text: string, paths: readonly string[]): string {
  const escaped = (p: string) => p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  let out = text;
  for (const path of [...new Set(paths)].filter((p) => fileName(p) !== p).sort((a, b) => b.length - a.length)) {
    out = out.split(path).join(fileName(path));
    if (escaped(path) !== path) out = out.split(escaped(path)).join(escaped(fileName(path)));
  }
  return out;
}
