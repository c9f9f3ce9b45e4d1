import type { EpisodeTable, Problem } from './episodeTable.js';
import { CODE_CATEGORIES, type CodeCategory } from './placementTypes.js';

/**
 * The map from SSDA903 codes to placement types. The types are one list (`placementTypes.ts`); the
 * map itself is data (`data/ssda903-placement-codes.csv`, read by `io/placementCodes.ts`): a PLACE
 * code, and where the provider decides it (foster placements with other carers, children's homes)
 * the PLACE_PROVIDER, belongs to one category in the return years the code is valid. A code the
 * map does not know for its return year is counted as `unknown` and reported, never guessed.
 */

/**
 * Who provides the placement, from PLACE_PROVIDER: PR1 the council's own provision (in-house);
 * PR2 another council, PR3 other public, PR4 private, PR5 voluntary (external); PR0 (parents) or
 * anything else: not applicable. Peers cost in-house and external places separately.
 */
export const PROVISIONS = ['n/a', 'in-house', 'external'] as const;
export type Provision = (typeof PROVISIONS)[number];

export function provisionOf(provider: string): number {
  if (provider === 'PR1') return 1;
  if (provider === 'PR2' || provider === 'PR3' || provider === 'PR4' || provider === 'PR5') return 2;
  return 0;
}

/** One line of the map: a code (with a provider, or any provider) in a range of return years. */
export interface PlacementCodeRule {
  code: string;
  /** Null: any provider. */
  provider: string | null;
  category: CodeCategory;
  /** Years ending 31 March of the first and last returns the code is valid in; null = open. */
  firstYear: number | null;
  lastYear: number | null;
  description: string;
}

export interface PlacementCodeMap {
  source: string;
  rules: PlacementCodeRule[];
}

const inYears = (r: PlacementCodeRule, year: number) =>
  (r.firstYear === null || year >= r.firstYear) && (r.lastYear === null || year <= r.lastYear);

/**
 * The category of a PLACE code (and provider) in a return year: a rule for that provider wins over
 * a rule for any provider. Otherwise `unknown`, with the reason (the code is unknown, valid only in
 * other years, or needs a provider it was not given).
 * @example categoryOf(map, 'K3', 'PR4', 2025) -> supported; in 2019 -> unknown, "valid from 2025"
 */
export function categoryOf(
  map: PlacementCodeMap,
  code: string,
  provider: string,
  year: number,
): { category: CodeCategory; reason?: string } {
  const own = map.rules.filter((r) => r.code === code);
  const valid = own.filter((r) => inYears(r, year));
  const match = valid.find((r) => r.provider === provider) ?? valid.find((r) => r.provider === null);
  if (match) return { category: match.category };
  const shown = `placement code (PLACE) "${code}"${provider !== '' ? ` with provider "${provider}"` : ''}`;
  if (own.length === 0)
    return { category: 'unknown', reason: `${code === '' ? 'no placement code (PLACE)' : `unknown ${shown}`}: counted as unknown` };
  if (valid.length === 0) {
    const years = own.map(
      (r) =>
        `${r.firstYear === null ? 'up to' : `from ${r.firstYear}`}${r.firstYear !== null && r.lastYear !== null ? ' to' : ''}${r.lastYear === null ? '' : ` ${r.lastYear}`}`,
    );
    return {
      category: 'unknown',
      reason: `${shown} is not valid in the ${year} return (valid ${[...new Set(years)].join(', ')}): counted as unknown`,
    };
  }
  const providers = valid.map((r) => r.provider).filter((p) => p !== null);
  return { category: 'unknown', reason: `${shown}: the map needs provider ${providers.join(', ')} for this code: counted as unknown` };
}

/**
 * Fill the table's `placement` column with each episode's category under the map, for the year of
 * the return it was read from. Each (code, provider, year) is looked up once; every episode with a
 * code the map does not know then is reported with its file and line.
 */
export function classifyPlacements(table: EpisodeTable, map: PlacementCodeMap): Problem[] {
  const problems: Problem[] = [];
  const cache = new Map<number, { category: number; reason?: string }>();
  for (let i = 0; i < table.size; i++) {
    const key = (table.place[i]! * 256 + table.provider[i]!) * 4096 + (table.returnYear[i]! & 4095);
    let found = cache.get(key);
    if (!found) {
      const { category, reason } = categoryOf(
        map,
        table.placeCodes[table.place[i]!]!,
        table.providerCodes[table.provider[i]!]!,
        table.returnYear[i]!,
      );
      found = { category: CODE_CATEGORIES.indexOf(category), reason };
      cache.set(key, found);
    }
    table.placement[i] = found.category;
    if (found.reason) problems.push({ reason: found.reason, file: table.files[table.file[i]!]!, line: table.line[i]!, action: 'repaired' });
  }
  return problems;
}
