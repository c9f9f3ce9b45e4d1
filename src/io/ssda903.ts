import type { Stats } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { unreadableReason, type InputReader } from './load.js';
import { eachRecord, fieldCodeKey, fieldDate, fieldEmpty, fieldText, packCode, type RecordView } from './byteRecords.js';
import { ChildRegistry, ENDS_X1, EpisodeTable, OPEN_END, RNE_CODES, SHORT_BREAK, type Problem } from '../model/episodes/episodeTable.js';
import { dayOf } from '../model/episodes/calendar.js';
import { settleDatesAndAges, settleReturnYear } from '../model/episodes/returnYear.js';
import { classifyPlacements, type PlacementCodeMap } from '../model/episodes/placements.js';
import { loadPlacementCodes } from './placementCodes.js';
import { cleanText } from './text.js';

export { parseDate } from './byteRecords.js';

export type Ssda903Kind = 'episodes' | 'header' | 'uasc';

const RNE_BY_KEY: ReadonlyMap<number, number> = new Map(RNE_CODES.map((code, i) => [packCode(code), i]));
const SHORT_BREAK_KEYS: ReadonlySet<number> = new Set([packCode('V3'), packCode('V4')]);
const X1_KEY = packCode('X1');
/** No child in care was born or started an episode before 1900: an earlier date is a typing error. */
const FIRST_DAY = dayOf(1900, 1, 1);

export interface Ssda903Data {
  episodes: EpisodeTable;
  children: ChildRegistry;
  problems: Problem[];
  files: { file: string; kind: Ssda903Kind; rows: number }[];
}

/** Files to read: every .csv in a folder, or the files given. */
function listSsda903Files(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : unreadableReason(err);
      throw new InputError('file-not-found', `cannot read: ${reason}`, { file: path });
    }
    if (!stat.isDirectory()) return [path];
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (err) {
      throw new InputError('file-not-found', `cannot list the folder: ${unreadableReason(err)}`, { file: path });
    }
    return names
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .sort()
      .map((name) => join(path, name));
  });
}

/** Columns each kind of SSDA903 file must have for the analysis to be right. */
const REQUIRED_COLUMNS: Record<Ssda903Kind, string[]> = {
  episodes: ['CHILD', 'DECOM', 'RNE', 'PLACE', 'DEC'],
  header: ['CHILD', 'DOB'],
  uasc: ['CHILD'],
};

/**
 * Stream SSDA903 episode, header and UASC files (kind from the header line), row by row: memory
 * grows with the episodes kept (a few typed-array columns), not with the file. Rows that cannot be
 * used are reported with file and line and left out; rows that can be repaired are kept and reported.
 * `onFile` hears of each file as it is opened (for progress).
 */
export async function readSsda903(
  reader: InputReader,
  paths: readonly string[],
  onFile?: (file: string, files: number) => void,
  placementCodes: PlacementCodeMap = loadPlacementCodes(reader),
): Promise<Ssda903Data> {
  const data: Ssda903Data = { episodes: new EpisodeTable(), children: new ChildRegistry(), problems: [], files: [] };
  const files = listSsda903Files(paths);
  for (const file of files) {
    onFile?.(file, files.length);
    await readFile(reader, file, data);
  }
  // Dates of birth come from the header files, read in any order: ages are checked once all are read.
  data.problems.push(...settleDatesAndAges(data.episodes, data.children));
  // Placement codes are read as written and classified once every return's year is known.
  data.problems.push(...classifyPlacements(data.episodes, placementCodes));
  if (!data.files.some((f) => f.kind === 'episodes')) {
    throw new InputError('unknown-layout', 'no SSDA903 episodes file (columns CHILD, DECOM, RNE, LS, PLACE, DEC, ...) among the inputs', {
      file: paths.join(', '),
    });
  }
  if (data.episodes.size === 0) {
    const dropped = data.problems.filter((p) => p.action === 'dropped');
    const first = dropped[0];
    throw new InputError(
      'no-usable-rows',
      dropped.length === 0
        ? 'the SSDA903 episodes files have no rows'
        : `no usable episode rows: all ${dropped.length} were dropped, the first for ${first!.reason}`,
      first ? { file: first.file, line: first.line } : { file: data.files.find((f) => f.kind === 'episodes')!.file },
    );
  }
  return data;
}

async function readFile(reader: InputReader, file: string, data: Ssda903Data): Promise<void> {
  let header: string[] | undefined;
  let kind: Ssda903Kind | undefined;
  let rows = 0;
  const table = data.episodes;
  const fileIndex = table.files.push(file) - 1;
  const firstRow = table.size;
  const placeIndex = new Map<number, number>();
  const providerIndex = new Map<number, number>();
  let columns = { child: -1, decom: -1, rne: -1, ls: -1, place: -1, provider: -1, dec: -1, rec: -1, dob: -1 };
  // PLACE and PLACE_PROVIDER codes as written, by packed key (a string only for each new code).
  const codeIndex = (r: RecordView, col: number, codes: string[], index: Map<number, number>) => {
    const key = fieldCodeKey(r, col);
    let at = index.get(key);
    if (at === undefined) {
      const text = fieldText(r, col).toUpperCase();
      at = codes.indexOf(text);
      if (at < 0) at = codes.push(text) - 1;
      if (key !== -1) index.set(key, at);
    }
    return at;
  };
  // Episodes of a child usually come together: the last child's id bytes spare a string per row.
  let lastChild = -1;
  let lastChildBytes = Buffer.alloc(64);
  let lastChildLength = -1;
  const childOf = (r: RecordView): number => {
    const from = r.from[columns.child]!;
    const length = r.to[columns.child]! - from;
    if (length === lastChildLength) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (r.bytes[from + k] !== lastChildBytes[k]) {
          same = false;
          break;
        }
      }
      if (same) return lastChild;
    }
    if (length > lastChildBytes.length) lastChildBytes = Buffer.alloc(length * 2);
    r.bytes.copy(lastChildBytes, 0, from, from + length);
    lastChildLength = length;
    lastChild = data.children.intern(cleanText(r.bytes.toString('utf8', from, from + length)));
    return lastChild;
  };

  await eachRecord(reader, file, (record, line) => {
    if (!header) {
      header = Array.from({ length: record.count }, (_, col) => fieldText(record, col).toUpperCase());
      const twice = header.findIndex((name, col) => name !== '' && header!.indexOf(name) !== col);
      if (twice >= 0) {
        throw new InputError(
          'duplicate-column',
          `two columns are named ${header[twice]} (columns ${header.indexOf(header[twice]!) + 1} and ${twice + 1}): which one holds the values is not clear; rename or remove one`,
          { file, line, column: header[twice] },
        );
      }
      if (header.includes('DECOM') && header.includes('RNE')) kind = 'episodes';
      else if (header.includes('DUC')) kind = 'uasc';
      else if (header.includes('DOB') && header.includes('SEX')) kind = 'header';
      else {
        throw new InputError(
          'unknown-layout',
          `not an SSDA903 episodes, header or UASC file: expected CHILD with DECOM, RNE (episodes), SEX, DOB (header) or DUC (UASC); found ${header.join(', ')}`,
          { file, line },
        );
      }
      const lacking = REQUIRED_COLUMNS[kind].filter((name) => !header!.includes(name));
      if (lacking.length > 0) {
        throw new InputError(
          'missing-column',
          `the SSDA903 ${kind} file lacks column${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}, which the analysis needs: expected ${REQUIRED_COLUMNS[kind].join(', ')}; found ${header.join(', ')}`,
          { file, line },
        );
      }
      const col = (name: string) => header!.indexOf(name);
      columns = {
        child: col('CHILD'),
        decom: col('DECOM'),
        rne: col('RNE'),
        ls: col('LS'),
        place: col('PLACE'),
        provider: col('PLACE_PROVIDER'),
        dec: col('DEC'),
        rec: col('REC'),
        dob: col('DOB'),
      };
      if (columns.child < 0) throw new InputError('missing-column', 'the SSDA903 file has no CHILD column', { file, line });
      return;
    }
    rows++;
    const problem = (reason: string, action: Problem['action']) => data.problems.push({ reason, file, line, action });
    if (fieldEmpty(record, columns.child)) {
      problem('no CHILD id', 'dropped');
      return;
    }
    if (kind === 'episodes') {
      const start = fieldDate(record, columns.decom);
      if (start == null) {
        problem(`bad start date (DECOM) "${fieldText(record, columns.decom)}"`, 'dropped');
        return;
      }
      if (start < FIRST_DAY) {
        problem(`start date (DECOM) ${fieldText(record, columns.decom)} is before 1900`, 'dropped');
        return;
      }
      const end = fieldDate(record, columns.dec);
      if (end === undefined || (end !== null && end < FIRST_DAY)) {
        problem(`bad end date (DEC) "${fieldText(record, columns.dec)}"${end === undefined ? '' : ': before 1900'}`, 'dropped');
        return;
      }
      if (end !== null && end < start) {
        problem(`episode ends (${fieldText(record, columns.dec)}) before it starts (${fieldText(record, columns.decom)})`, 'dropped');
        return;
      }
      let rne = RNE_BY_KEY.get(fieldCodeKey(record, columns.rne));
      if (rne === undefined) {
        problem(
          `unknown reason for new episode (RNE) "${fieldText(record, columns.rne).toUpperCase()}": read as a change within care`,
          'repaired',
        );
        rne = RNE_CODES.indexOf('P');
      }
      const place = codeIndex(record, columns.place, table.placeCodes, placeIndex);
      const provider = codeIndex(record, columns.provider, table.providerCodes, providerIndex);
      if (table.placeCodes.length > 65_535 || table.providerCodes.length > 255) {
        throw new InputError('bad-value', 'too many different PLACE or PLACE_PROVIDER codes: is this an SSDA903 episodes file?', {
          file,
          line,
        });
      }
      const flags =
        (SHORT_BREAK_KEYS.has(fieldCodeKey(record, columns.ls)) ? SHORT_BREAK : 0) |
        (fieldCodeKey(record, columns.rec) === X1_KEY ? ENDS_X1 : 0);
      table.push(childOf(record), start, end ?? OPEN_END, rne, 0, fileIndex, line, place, provider, flags);
    } else {
      const child = data.children.intern(fieldText(record, columns.child));
      if (kind === 'uasc') data.children.uasc[child] = true;
      const dob = fieldDate(record, columns.dob);
      if (dob === undefined || (dob !== null && dob < FIRST_DAY))
        problem(`bad date of birth (DOB) "${fieldText(record, columns.dob)}"${dob === undefined ? '' : ': before 1900'}`, 'repaired');
      else if (dob !== null) data.children.dob[child] = dob;
    }
  });
  if (!header) throw new InputError('empty-file', 'the file is empty', { file });
  // The return's year (which one stray date cannot move), its rows dated after it set aside; later
  // returns win when the same episode appears in several.
  data.problems.push(...settleReturnYear(table, firstRow).problems);
  data.files.push({ file, kind: kind!, rows });
}
