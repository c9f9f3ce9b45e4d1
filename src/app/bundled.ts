import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { combineHistory } from '../io/combine.js';
import { loadHistory, type InputReader } from '../io/load.js';
import { parseCalibration, parseCouncilRegions, parseDistrictLookup } from '../io/regions.js';
import { RegionTable } from '../model/areas/regions.js';
import type { PastErrors } from '../model/methods/recommendedRanges.js';
import type { AreaHistory } from '../model/types.js';

const packageRoot = new URL('../../', import.meta.url);

/** A bundled data file: its absolute path and the name messages use for it. */
export function bundled(name: string): { path: string; label: string } {
  return { path: fileURLToPath(new URL(`data/${name}`, packageRoot)), label: `data/${name}` };
}

/**
 * What each bundled data file holds and the last year it reaches, as every output names it: the
 * bundled files end where their copies were taken (data/README.md), and DfE and ONS publish later
 * years every year.
 */
export const BUNDLED_COVERAGE: Readonly<Record<string, string>> = {
  'england/cla-history-2010-2022.csv': 'DfE history to 31 March 2022',
  'england/cla_number_and_rate_per_10k_children_2021to2025_london.csv': 'DfE history of London to 31 March 2025',
  'england/population-0-17-mid-2011-2024.csv': 'ONS 0-17 estimates to mid-2024',
  'england/placements-by-council-2010-2022.csv': 'DfE placements to 31 March 2022',
  'tower-hamlets-cla-history.csv': 'Tower Hamlets history to 31 March 2025',
  'tower-hamlets-cla-by-age.csv': 'by age band to 2025',
  'tower-hamlets-population-0-17-estimates.csv': 'ONS estimates to mid-2024',
  'ons-2022-snpp-tower-hamlets-age-0-17.csv': 'ONS 2022-based projection to mid-2047',
  'tower-hamlets-placements.csv': 'Tower Hamlets placements to 31 March 2024',
};

/** The coverage of a file read, when it is one of the bundled data files (by its real path). */
export function bundledCoverage(realPath: string): string | undefined {
  for (const [name, words] of Object.entries(BUNDLED_COVERAGE)) {
    try {
      if (realpathSync(bundled(name).path) === realPath) return words;
    } catch {
      // a bundled file missing from an installation: nothing to say of it
    }
  }
  return undefined;
}

/**
 * The bundled files a run may name instead of a path: `--history england` (DfE's history of every
 * council, London's later years replacing the national file's) and `--population england` (ONS's
 * 0-17 estimates of every council). Reachable wherever lacproj is installed.
 */
export const BUNDLED_NAMES: Readonly<Record<'history' | 'population', Readonly<Record<string, readonly string[]>>>> = {
  history: { england: ['england/cla-history-2010-2022.csv', 'england/cla_number_and_rate_per_10k_children_2021to2025_london.csv'] },
  population: { england: ['england/population-0-17-mid-2011-2024.csv'] },
};

/** Each path of an input option, or the bundled files its name stands for (`england`). */
export function inputFiles(kind: keyof typeof BUNDLED_NAMES, paths: readonly string[]): { path: string; label: string }[] {
  return paths.flatMap((path) => BUNDLED_NAMES[kind][path]?.map(bundled) ?? [{ path, label: path }]);
}

/** DfE's national files bundled for regional series: every council 2010-2022, London to 2025. */
export const BUNDLED_NATIONAL_HISTORY = BUNDLED_NAMES.history.england!;
export const REGION_TABLE_FILE = 'england/council-regions.csv';
const CALIBRATION_FILE = 'england/recommended-calibration.json';
const DISTRICT_LOOKUP_FILE = 'ons-ltla-to-utla-england.csv';

/**
 * The bundled reference files a run reads only when it needs them (the council -> region table,
 * ONS's district lookup, the national history, the interval calibration), each read at most once
 * per run and listed among the run's inputs when read.
 */
export class BundledData {
  private regionTableRead?: RegionTable;
  private districtLookupRead?: Map<string, { code: string; name: string }>;
  private nationalRead?: { areas: AreaHistory[]; files: string[] };
  private calibrationRead?: PastErrors;

  constructor(
    private readonly reader: InputReader,
    private readonly describe: (input: { role: string; file: string; layout: string; sha256: string }) => void,
  ) {}

  /** The council -> region table (DfE's council list with reorganised councils). */
  regionTable(): RegionTable {
    if (!this.regionTableRead) {
      const { text, label, sha256 } = this.read(REGION_TABLE_FILE);
      this.regionTableRead = new RegionTable(parseCouncilRegions(text, label));
      this.describe({ role: 'council regions', file: label, layout: 'council-regions', sha256 });
    }
    return this.regionTableRead;
  }

  /** ONS's lower-tier -> upper-tier lookup (December 2022, with the 2023 unitaries). */
  districtLookup(): Map<string, { code: string; name: string }> {
    if (!this.districtLookupRead) {
      const { text, label, sha256 } = this.read(DISTRICT_LOOKUP_FILE);
      this.districtLookupRead = parseDistrictLookup(text, label);
      this.describe({ role: 'district lookup', file: label, layout: 'ltla-to-utla', sha256 });
    }
    return this.districtLookupRead;
  }

  /** The bundled national history (London's 2021-2025 file replacing those years of the 2010-2022 one). */
  national(): { areas: AreaHistory[]; files: string[] } {
    if (!this.nationalRead) {
      const files = BUNDLED_NATIONAL_HISTORY.map(bundled).map(({ path, label }) => loadHistory(this.reader, path, undefined, label));
      for (const f of files) this.describe({ role: 'regional history', file: f.source, layout: f.layout, sha256: f.sha256 });
      this.nationalRead = { areas: combineHistory(files, this.reader.limits).areas, files: files.map((f) => f.source) };
    }
    return this.nationalRead;
  }

  /** The calibration of the recommended projection's intervals, built by scripts/build-calibration.js. */
  calibration(): PastErrors {
    if (!this.calibrationRead) {
      const { text, label, sha256 } = this.read(CALIBRATION_FILE);
      this.calibrationRead = parseCalibration(text, label);
      this.describe({ role: 'interval calibration', file: label, layout: 'calibration', sha256 });
    }
    return this.calibrationRead;
  }

  private read(name: string): { text: string; label: string; sha256: string } {
    const { path, label } = bundled(name);
    const { text, sha256 } = this.reader.text(path, label);
    return { text, label, sha256 };
  }
}
