import { InputError, type InputLocation } from '../errors.js';
import { currentCode, describeArea, normaliseName, sameArea } from '../model/areas/matching.js';
import type { Area } from '../model/types.js';
import { DEFAULT_LIMITS, limitError, thousands, type Limits } from './limits.js';

/**
 * Areas indexed by GSS code, DfE number and normalised name, so that finding a record's area is a
 * few map look-ups instead of a scan of every area (loading grew with the square of the areas).
 * `find` gives exactly what `items.find((i) => sameArea(i.area, area))` would.
 */
export class AreaIndex<T extends { area: Area }> {
  private readonly order = new Map<T, number>();
  private readonly byCode = new Map<string, T[]>();
  private readonly byDfe = new Map<string, T[]>();
  private readonly byName = new Map<string, T[]>();

  get size(): number {
    return this.order.size;
  }

  values(): IterableIterator<T> {
    return this.order.keys();
  }

  add(item: T): void {
    this.order.set(item, this.order.size);
    this.reindex(item);
  }

  /** Index an item again after its area gained a GSS code or DfE number. */
  reindex(item: T): void {
    const put = (map: Map<string, T[]>, key: string) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [item]);
      else if (!list.includes(item)) list.push(item);
    };
    if (item.area.code !== '') put(this.byCode, currentCode(item.area.code));
    if (item.area.dfeCode !== undefined) put(this.byDfe, item.area.dfeCode);
    put(this.byName, normaliseName(item.area.name));
  }

  /**
   * The item that is the same area: the first one sharing its GSS code or DfE number, else the
   * first with its name.
   */
  find(area: Area): T | undefined {
    const matches = this.matches(area);
    return matches.find((m) => sharesCode(m.area, area)) ?? matches[0];
  }

  /** Every item that is the same area, in the order they were added. */
  matches(area: Area): T[] {
    const candidates = new Set<T>([
      ...(area.code !== '' ? (this.byCode.get(currentCode(area.code)) ?? []) : []),
      ...(area.dfeCode !== undefined ? (this.byDfe.get(area.dfeCode) ?? []) : []),
      ...(this.byName.get(normaliseName(area.name)) ?? []),
    ]);
    return [...candidates].filter((item) => sameArea(item.area, area)).sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** Items with this GSS code or DfE number (whatever their other fields). */
  withCode(code: string): T[] {
    return code === '' ? [] : (this.byCode.get(currentCode(code)) ?? []);
  }

  withDfe(dfeCode: string | undefined): T[] {
    return dfeCode === undefined ? [] : (this.byDfe.get(dfeCode) ?? []);
  }
}

/**
 * Counts a file's areas row by row as it is split, and refuses the row that passes `--max-areas`:
 * a file with too many areas is refused there, not after all of it is read. Areas are matched as
 * `combineHistory` matches them (a code or DfE number learnt later joins the area to its spellings).
 * @throws InputError `limit-exceeded` naming the row
 */
export function areaCounter(what: string, limits: Readonly<Limits> = DEFAULT_LIMITS): (area: Area, where: InputLocation) => void {
  const max = limits.maxAreas;
  const index = new AreaIndex<{ area: Area }>();
  const seen = new Set<string>();
  return (area, where) => {
    const key = `${area.code}|${area.dfeCode ?? ''}|${area.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const known = index.find(area);
    if (known !== undefined) {
      if ((known.area.code === '' && area.code !== '') || (known.area.dfeCode === undefined && area.dfeCode !== undefined)) {
        if (known.area.code === '') known.area.code = area.code;
        known.area.dfeCode ??= area.dfeCode;
        index.reindex(known);
      }
      return;
    }
    if (index.size >= max)
      throw limitError(limits, 'maxAreas', what, `more than ${thousands(max)} (the next is ${describeArea(area)})`, where);
    index.add({ area: { ...area } });
  };
}

/** Whether two areas share a GSS code or a DfE number (the strong half of `sameArea`). */
function sharesCode(a: Area, b: Area): boolean {
  return (a.code !== '' && currentCode(a.code) === currentCode(b.code)) || (a.dfeCode !== undefined && a.dfeCode === b.dfeCode);
}

/** Words that vary between publishers' spellings of one council's name. */
const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'the',
  'city',
  'of',
  'county',
  'council',
  'borough',
  'royal',
  'metropolitan',
  'district',
  'la',
  'upon',
  'on',
  'and',
]);

/**
 * Whether two names are spellings of one council: "Bristol, City of" and "Bristol", "County
 * Durham" and "Durham", "Kingston upon Hull, City of" and "Hull", "Telford & Wrekin" and "Telford
 * and Wrekin". After case, punctuation and generic words, one name's words must all be in the other.
 */
export function sameNameFamily(a: string, b: string): boolean {
  const full = [normaliseName(a), normaliseName(b)];
  if (full[0] === full[1]) return true;
  const [x, y] = full.map((n) => n.split(' ').filter((w) => w !== '' && !GENERIC_WORDS.has(w)));
  if (x!.length === 0 || y!.length === 0) return false;
  const [shorter, longer] = x!.length <= y!.length ? [x!, new Set(y)] : [y!, new Set(x)];
  return shorter.every((w) => longer.has(w));
}

/** Where an area's identity was first given: file and line. */
export interface Seen {
  file: string;
  line: number;
}

const at = (seen: Seen) => `${seen.file} line ${seen.line}`;

/**
 * An area known so far (`known`, first given at `seen`) and a new record of it (`area` at `where`):
 * one GSS code, one DfE number and one name family per area. A GSS code that changed while the DfE
 * number and name stayed (Northumberland E06000048 -> E06000057, county to unitary councils) is one
 * area; everything else that disagrees is two areas given one identity.
 * @param named whether each name was written in the file (not a file name or code standing in for one)
 * @throws InputError `area-conflict` naming both lines
 */
export function checkSameIdentity(
  known: { area: Area; seen: Seen; named: boolean },
  record: { area: Area; where: Seen; named: boolean },
): void {
  const a = known.area;
  const b = record.area;
  const fail = (message: string) => {
    throw new InputError(
      'area-conflict',
      `${message}: an area must have one GSS code, one DfE number and one name; correct one of the two lines`,
      {
        file: record.where.file,
        line: record.where.line,
      },
    );
  };
  const bothNamed = known.named && record.named;
  if (a.code !== '' && a.code === b.code) {
    if (a.dfeCode !== undefined && b.dfeCode !== undefined && a.dfeCode !== b.dfeCode) {
      fail(`GSS code ${a.code} has DfE number ${a.dfeCode} on ${at(known.seen)} but ${b.dfeCode} here`);
    }
    if (bothNamed && !sameNameFamily(a.name, b.name)) {
      fail(`GSS code ${a.code} is "${a.name}" on ${at(known.seen)} but "${b.name}" here`);
    }
    return;
  }
  if (a.dfeCode !== undefined && a.dfeCode === b.dfeCode && bothNamed && !sameNameFamily(a.name, b.name)) {
    fail(`DfE number ${a.dfeCode} is ${describeArea(a)} on ${at(known.seen)} but ${describeArea(b)} here`);
  }
}
