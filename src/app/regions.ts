import {
  isCouncil,
  regionFromCouncils,
  regionFromRegionalRows,
  type RegionTable,
  type Region,
  type RegionalSeries,
} from '../model/areas/regions.js';
import { describeArea } from '../model/areas/matching.js';
import { calibrationFromHistory, NATIONAL_COUNCILS } from '../model/evaluation/calibration.js';
import type { PastErrors } from '../model/methods/recommendedRanges.js';
import type { RecommendedInputs } from '../model/projection/types.js';
import type { Area, AreaHistory } from '../model/types.js';
import { REGION_TABLE_FILE } from './bundled.js';
import type { RunContext } from './context.js';

/**
 * A region's series, in order of preference: the input's own councils (when it holds at least half
 * the region's), the input's regional rows (DfE's files have them), the bundled national files.
 */
export function regionalCandidates(
  context: RunContext,
  region: Region,
  inputAreas: readonly AreaHistory[],
  inputFiles: string[],
  table: RegionTable,
): RegionalSeries[] {
  const national = context.bundled.national();
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
export function recommendedContext(
  context: RunContext,
  inputAreas: readonly AreaHistory[],
  inputFiles: string[],
): (area: Area) => RecommendedInputs {
  const table = context.bundled.regionTable();
  const candidates = new Map<string, RegionalSeries[]>();
  const regionalFor = (region: Region) => {
    if (!candidates.has(region.code)) candidates.set(region.code, regionalCandidates(context, region, inputAreas, inputFiles, table));
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
      calibration = context.bundled.calibration();
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
