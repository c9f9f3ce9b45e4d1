import { InputReader } from '../io/load.js';
import { DEFAULT_LIMITS, type Limits } from '../io/limits.js';
import type { ReadOptions } from '../io/table.js';
import { BundledData, bundledCoverage } from './bundled.js';

/** An input file as JSON output and manifests describe it: what it was read for, and its layout. */
export interface InputDescription {
  role: string;
  file: string;
  layout: string;
  sha256: string;
  /** For a bundled data file: what it holds and the last year it reaches (`BUNDLED_COVERAGE`). */
  bundled?: string;
}

/** Where a run's notes and warnings go (stderr in the CLI; a list in tests). */
export interface RunLog {
  note(text: string): void;
  warn(text: string): void;
}

/** A progress bar for a long run (the CLI draws it on a terminal only). */
export interface Progress {
  tick(what: string): void;
  done(): void;
}

/** Where a run's output files go: the CLI's transaction writes them all at the end, or none. */
export interface OutputSink {
  write(path: string, content: string | Uint8Array): void;
  /** A folder of files (one page per council and an index), handed over one by one, with the run's other outputs. */
  folder(path: string): { add(name: string, content: string | Uint8Array): void };
}

/**
 * Everything one run shares, made once per run and passed down: its limits, its clock, the
 * reader that reads (and lists) its inputs, the inputs it describes in its outputs, the bundled
 * files it has read, where its notes and outputs go. Nothing about a run is kept in a module, so
 * two runs in one process give what two processes give.
 */
export interface RunContext {
  readonly limits: Readonly<Limits>;
  /** The limits and the log's notes, as the readers (parse*) take them. */
  readonly read: ReadOptions;
  /** Today, for plausibility checks ("no history after the current year"). */
  readonly today: Date;
  readonly reader: InputReader;
  readonly bundled: BundledData;
  readonly log: RunLog;
  readonly outputs: OutputSink;
  progress(label: string, total: number): Progress;
  /** The inputs the run's outputs list (JSON `inputs`), in the order first read. */
  readonly inputs: InputDescription[];
  describeInput(input: InputDescription): void;
}

export interface RunContextOptions {
  limits?: Partial<Limits>;
  today?: Date;
  log?: RunLog;
  outputs?: OutputSink;
  progress?: (label: string, total: number) => Progress;
  /** Whether named pipes may be read (not in a rerun: a manifest naming a pipe would wait for ever). */
  pipes?: boolean;
  /** A reader to share (a rerun checks its manifest with the outer run's reader). */
  reader?: InputReader;
}

/**
 * Inputs are listed the data first (history, population, SSDA903 returns), then the bundled
 * reference files, then the rest (scenarios, placement files); within each, in the order read.
 */
const DATA_ROLES = ['history', 'history-by-age', 'population', 'ssda903'];
const REFERENCE_ROLES = ['district lookup', 'council regions', 'regional history', 'interval calibration'];
const groupOf = (role: string) =>
  DATA_ROLES.some((r) => role === r || role.startsWith(`${r} `)) ? 0 : REFERENCE_ROLES.includes(role) ? 1 : 2;

const silent: RunLog = { note: () => {}, warn: () => {} };
const noProgress: Progress = { tick: () => {}, done: () => {} };

/** A run's context: defaults suit a test (default limits, the clock, notes dropped, outputs refused). */
export function createRunContext(options: RunContextOptions = {}): RunContext {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? silent;
  const reader = options.reader ?? new InputReader(limits, { pipes: options.pipes, notice: (text) => log.note(text) });
  const inputs: InputDescription[] = [];
  const context: RunContext = {
    get inputs() {
      return [0, 1, 2].flatMap((group) => inputs.filter((i) => groupOf(i.role) === group));
    },
    limits,
    read: { limits, notice: (text) => log.note(text) },
    today: options.today ?? new Date(),
    reader,
    bundled: new BundledData(reader, (input) => context.describeInput(input)),
    log,
    outputs: options.outputs ?? {
      write: (path) => {
        throw new Error(`no output sink for ${path}`);
      },
      folder: (path) => {
        throw new Error(`no output sink for ${path}`);
      },
    },
    progress: options.progress ?? (() => noProgress),
    describeInput(input) {
      if (inputs.some((i) => i.file === input.file && i.role === input.role)) return;
      const read = reader.read.find((r) => r.path === input.file);
      const bundled = read === undefined ? undefined : bundledCoverage(read.realPath);
      inputs.push(bundled === undefined ? input : { ...input, bundled });
    },
  };
  return context;
}
