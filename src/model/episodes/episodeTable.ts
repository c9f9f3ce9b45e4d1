/**
 * SSDA903 episodes held column by column in typed arrays, not as one object per row: a million
 * episodes take about 22 MB and give the garbage collector nothing to trace, which is what lets a
 * large council's returns for ten years be read in a few seconds and a few hundred MB.
 *
 * Dates are whole days since 1 January 1970 (UTC). An open episode's end is `OPEN_END`, a day after
 * every real date, so "still in care on day D" is simply `end > D`.
 */

export const OPEN_END = 0x7fffffff;

/** Reasons for a new episode: S = started to be looked after; the rest are changes within care. */
export const RNE_CODES = ['S', 'L', 'P', 'T', 'U', 'B'] as const;
export const RNE_STARTED = 0;

/** SSDA903 legal status V3 or V4 (a series of short-term breaks): not looked after in DfE's counts. */
export const SHORT_BREAK = 1;
/** Reason episode ceased X1: the episode ends and a new one begins, the child continuing in care. */
export const ENDS_X1 = 2;

/** A row left out or changed on reading, or an inconsistency counted one way, with where it was. */
export interface Problem {
  reason: string;
  file: string;
  line: number;
  /** `dropped` rows are left out; `repaired` rows are kept after a change. */
  action: 'dropped' | 'repaired';
}

/** Episodes in the order read; columns grow by doubling. */
export class EpisodeTable {
  size = 0;
  /** Index into `ChildRegistry.ids`. */
  child = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  /** Index into `RNE_CODES`. */
  rne = new Uint8Array(1024);
  /** Index into `CODE_CATEGORIES` (model/episodes/placementTypes.ts), set by `classifyPlacements`. */
  placement = new Uint8Array(1024);
  /** The PLACE code as read: index into `placeCodes` (0 = empty). */
  place = new Uint16Array(1024);
  /** PLACE_PROVIDER as read: index into `providerCodes` (0 = empty). */
  provider = new Uint8Array(1024);
  /** `SHORT_BREAK` and `ENDS_X1` bits. */
  flags = new Uint8Array(1024);
  /** Year ending 31 March of the return the row came from (later returns win). */
  returnYear = new Uint16Array(1024);
  /** Index into `files`, and the line, for messages. */
  file = new Uint16Array(1024);
  line = new Int32Array(1024);
  readonly files: string[] = [];
  readonly placeCodes: string[] = [''];
  readonly providerCodes: string[] = [''];

  push(
    child: number,
    start: number,
    end: number,
    rne: number,
    placement: number,
    file: number,
    line: number,
    place = 0,
    provider = 0,
    flags = 0,
  ): void {
    if (this.size === this.child.length) this.grow();
    const i = this.size++;
    this.child[i] = child;
    this.start[i] = start;
    this.end[i] = end;
    this.rne[i] = rne;
    this.placement[i] = placement;
    this.file[i] = file;
    this.line[i] = line;
    this.place[i] = place;
    this.provider[i] = provider;
    this.flags[i] = flags;
  }

  private grow(): void {
    const capacity = this.child.length * 2;
    const widen = <T extends Int32Array | Uint8Array | Uint16Array>(column: T, make: (n: number) => T): T => {
      const wider = make(capacity);
      wider.set(column);
      return wider;
    };
    this.child = widen(this.child, (n) => new Int32Array(n));
    this.start = widen(this.start, (n) => new Int32Array(n));
    this.end = widen(this.end, (n) => new Int32Array(n));
    this.rne = widen(this.rne, (n) => new Uint8Array(n));
    this.placement = widen(this.placement, (n) => new Uint8Array(n));
    this.returnYear = widen(this.returnYear, (n) => new Uint16Array(n));
    this.file = widen(this.file, (n) => new Uint16Array(n));
    this.line = widen(this.line, (n) => new Int32Array(n));
    this.place = widen(this.place, (n) => new Uint16Array(n));
    this.provider = widen(this.provider, (n) => new Uint8Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }

  /**
   * Keep only the rows from `from` on for which `keep` is true, in order (rows before `from` stay):
   * rows set aside on reading leave no trace in any column.
   */
  keepOnly(from: number, keep: (i: number) => boolean): void {
    let to = from;
    for (let i = from; i < this.size; i++) {
      if (!keep(i)) continue;
      if (to !== i) {
        for (const column of [
          this.child,
          this.start,
          this.end,
          this.rne,
          this.placement,
          this.place,
          this.provider,
          this.flags,
          this.returnYear,
          this.file,
          this.line,
        ]) {
          column[to] = column[i]!;
        }
      }
      to++;
    }
    this.size = to;
  }

  /** Earliest and latest return year, or null for an empty table. */
  returnYears(): { first: number; last: number } | null {
    if (this.size === 0) return null;
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < this.size; i++) {
      const y = this.returnYear[i]!;
      if (y < first) first = y;
      if (y > last) last = y;
    }
    return { first, last };
  }
}

/** Children seen in any file, each with one index; date of birth and UASC flag from header and UASC files. */
export class ChildRegistry {
  readonly ids: string[] = [];
  /** Day of birth, or null when no header row gave a usable one. */
  readonly dob: (number | null)[] = [];
  readonly uasc: boolean[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /** The child's index, adding the child when new. */
  intern(id: string): number {
    let at = this.index.get(id);
    if (at === undefined) {
      at = this.ids.length;
      this.index.set(id, at);
      this.ids.push(id);
      this.dob.push(null);
      this.uasc.push(false);
    }
    return at;
  }
}
