import { combineHistory } from '../io/combine.js';
import { loadHistory, readText } from '../io/load.js';
import { parseCalibration, parseCouncilRegions, parseDistrictLookup } from '../io/regions.js';
import {
  isCouncil,
  regionFromCouncils,
  regionFromRegionalRows,
  RegionTable,
  type Region,
  type RegionalSeries,
} from '../model/areas/regions.js';
import { describeArea } from '../model/areas/matching.js';
import { calibrationFromHistory, NATIONAL_COUNCILS } from '../model/evaluation/calibration.js';
import type { PastErrors } from '../model/methods/recommendedRanges.js';
import type { RecommendedInputs } from '../model/projection/types.js';
import type { Area, AreaHistory } from '../model/types.js';
import { bundled, type InputDescription } from './context.js';

/** DfE's national files bundled for regional series: every council 2010-2022, London to 2025. */
export const BUNDLED_NATIONAL_HISTORY = [
  'england/cla-history-2010-2022.csv',
  'england/cla_number_and_rate_per_10k_children_2021to2025_london.csv',
];
export const REGION_TABLE_FILE = 'england/council-regions.csv';
export const CALIBRATION_FILE = 'england/recommended-calibration.json';
export const DISTRICT_LOOKUP_FILE = 'ons-ltla-to-utla-england.csv';

/** The bundled files read for the recommended projection, for JSON output. */
const read = new Map<string, InputDescription>();
function note(role: InputDescription['role'], file: string, layout: string, sha256: string): void {
  read.set(file, { role, file, layout, sha256 });
}

let regionTable: RegionTable | undefined;
export function loadRegionTable(): RegionTable {
  if (!regionTable) {
    const { path, label } = bundled(REGION_TABLE_FILE);
    const { text, sha256 } = readText(path, label);
    regionTable = new RegionTable(parseCouncilRegions(text, label));
    note('council regions', label, 'council-regions', sha256);
  }
  return regionTable;
}

let districtLookup: Map<string, { code: string; name: string }> | undefined;
/** ONS's lower-tier -> upper-tier lookup (December 2022, with the 2023 unitaries). */
export function loadDistrictLookup(): Map<string, { code: string; name: string }> {
  if (!districtLookup) {
    const { path, label } = bundled(DISTRICT_LOOKUP_FILE);
    const { text, sha256 } = readText(path, label);
    districtLookup = parseDistrictLookup(text, label);
    note('district lookup', label, 'ltla-to-utla', sha256);
  }
  return districtLookup;
}

let bundledNational: { areas: AreaHistory[]; files: string[] } | undefined;
/** The bundled national history (London's 2021-2025 file replacing those years of the 2010-2022 one). */
export function loadBundledNational(): { areas: AreaHistory[]; files: string[] } {
  if (!bundledNational) {
    const files = BUNDLED_NATIONAL_HISTORY.map(bundled).map(({ path, label }) => loadHistory(path, undefined, label));
    for (const f of files) note('regional history', f.source, f.layout, f.sha256);
    bundledNational = { areas: combineHistory(files).areas, files: files.map((f) => f.source) };
  }
  return bundledNational;
}

/** Every bundled file the recommended projection has read so far. */
export function regionalInputsRead(): InputDescription[] {
  return [...read.values()];
}

/**
 * A region's series, in order of preference: the input's own councils (when it holds at least half
 * the region's), the input's regional rows (DfE's files have them), the bundled national files.
 */
export function regionalCandidates(
  region: Region,
  inputAreas: readonly AreaHistory[],
  inputFiles: string[],
  table: RegionTable,
): RegionalSeries[] {
  const national = loadBundledNational();
  const bundledFiles = region.code === 'E12000007' ? national.files : national.files.slice(0, 1);
  return [
    regionFromCouncils(region, inputAreas, table, 'input councils', inputFiles),
    regionFromRegionalRows(region, inputAreas, inputFiles),
    regionFromCouncils(region, national.areas, table, 'bundled councils', bundledFiles, 0),
  ].filter((s): s is RegionalSeries => s !== undefined);
}

/**
 * What the recommended projection needs for each area of a run: its region's candidate series and
 * the calibration of its intervals, from the input itself when it is national (at least
 * NATIONAL_COUNCILS councils), else the bundled table built from DfE's national file.
 */
export function recommendedContext(inputAreas: readonly AreaHistory[], inputFiles: string[]): (area: Area) => RecommendedInputs {
  const table = loadRegionTable();
  const candidates = new Map<string, RegionalSeries[]>();
  const regionalFor = (region: Region) => {
    if (!candidates.has(region.code)) candidates.set(region.code, regionalCandidates(region, inputAreas, inputFiles, table));
    return candidates.get(region.code)!;
  };
  let calibration: PastErrors | undefined;
  const calibrationOf = () => {
    if (calibration) return calibration;
    const councils = new Set(
      inputAreas
        .filter((h) => isCouncil(h.area))
        .map((h) => table.councilOf(h.area)?.dfeCode)
        .filter(Boolean),
    );
    if (councils.size >= NATIONAL_COUNCILS) {
      calibration = calibrationFromHistory(
        inputAreas,
        table,
        regionalFor,
        (n, origins) => `${n} councils in ${inputFiles.join(', ')} (origins ${origins})`,
      );
    } else {
      const { path, label } = bundled(CALIBRATION_FILE);
      const { text, sha256 } = readText(path, label);
      calibration = parseCalibration(text, label);
      note('interval calibration', label, 'calibration', sha256);
    }
    return calibration;
  };
  return (area) => {
    const region = isCouncil(area) ? table.regionOf(area) : undefined;
    if (region === undefined) {
      return {
        regional: [],
        noRegion: isCouncil(area)
          ? `${describeArea(area)} is not an English council of the region table (data/${REGION_TABLE_FILE}); give its GSS code or DfE number in the history`
          : `${describeArea(area)} is not a council, so it has no region`,
      };
    }
    return { regional: regionalFor(region), calibration: calibrationOf() };
  };
}
