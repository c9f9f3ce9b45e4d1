import { InputError, type InputLocation } from '../errors.js';

/**
 * Bounds on what lacproj will read and compute, so that a wrong or hostile input ends in a message
 * instead of exhausting memory or time. Each can be raised with a global option (README, "Limits
 * and safety"); reading stops at the bound, never after reading everything.
 */
export interface Limits {
  /** Bytes of one input file. */
  maxFileSize: number;
  /** Characters of one line of an input file. */
  maxLineLength: number;
  /** Characters of one CSV field. */
  maxFieldLength: number;
  /** Distinct areas in the history or population files. */
  maxAreas: number;
  /** Simulated paths x projected years of one area (the flow method's work and memory). */
  maxSimulationYears: number;
}

export type LimitName = keyof Limits;

export interface LimitSpec {
  name: LimitName;
  /** The global option that raises it. */
  option: string;
  default: number;
  unit: 'bytes' | 'count';
  /** What a count counts, for messages ("1,000 areas"). */
  noun?: string;
  description: string;
}

const MiB = 1024 * 1024;

/** Declared once: the options, their defaults, the README table and the messages come from here. */
export const LIMIT_SPECS: readonly LimitSpec[] = [
  {
    name: 'maxFileSize',
    option: '--max-file-size',
    default: 256 * MiB,
    unit: 'bytes',
    description: 'largest input file read (e.g. 512M, 2G)',
  },
  {
    name: 'maxLineLength',
    option: '--max-line-length',
    default: MiB,
    unit: 'count',
    noun: 'characters',
    description: 'longest line of an input file, in characters',
  },
  {
    name: 'maxFieldLength',
    option: '--max-field-length',
    default: 65_536,
    unit: 'count',
    noun: 'characters',
    description: 'longest CSV field, in characters',
  },
  {
    name: 'maxAreas',
    option: '--max-areas',
    default: 1_000,
    unit: 'count',
    noun: 'areas',
    description: 'most areas in the history or a population file',
  },
  {
    name: 'maxSimulationYears',
    option: '--max-simulation-years',
    default: 10_000_000,
    unit: 'count',
    noun: 'path-years',
    description: 'most simulated paths x projected years for one area (--simulations times the years to --to)',
  },
];

export const DEFAULT_LIMITS: Readonly<Limits> = Object.fromEntries(LIMIT_SPECS.map((s) => [s.name, s.default])) as unknown as Limits;

function limitSpec(name: LimitName): LimitSpec {
  return LIMIT_SPECS.find((s) => s.name === name)!;
}

/** 268435456 -> "256 MiB"; counts with thousands separators. */
export function describeLimit(name: LimitName, value: number): string {
  const spec = limitSpec(name);
  if (spec.unit === 'count') return spec.noun ? `${thousands(value)} ${spec.noun}` : thousands(value);
  for (const [unit, size] of [
    ['GiB', 1024 * MiB],
    ['MiB', MiB],
    ['KiB', 1024],
  ] as const) {
    if (value >= size && value % size === 0) return `${value / size} ${unit}`;
  }
  if (value >= MiB) return `${(value / MiB).toFixed(1)} MiB`;
  return `${value} bytes`;
}

/**
 * A size such as `268435456`, `512K`, `256M`, `2G` (powers of 1,024; a trailing `B` or `iB` is allowed).
 * @returns undefined when the text is not a size
 */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const power = ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
  const value = Math.floor(Number(match[1]) * 1024 ** power);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * The error for a bound exceeded (the run's `limits`): what was found, the bound, and the option that raises it.
 * `found` completes "found ..." (e.g. "a line of 2,000,000 characters").
 */
export function limitError(limits: Readonly<Limits>, name: LimitName, what: string, found: string, where: InputLocation = {}): InputError {
  const spec = limitSpec(name);
  const value = limits[name];
  const example = spec.unit === 'bytes' ? `${spec.option} ${value >= 1024 * MiB ? '8G' : '1G'}` : `${spec.option} ${value * 4}`;
  return new InputError(
    'limit-exceeded',
    `${what} is over the limit of ${describeLimit(name, value)} (${spec.option}): found ${found}; to allow it, raise the limit, e.g. ${example}`,
    where,
  );
}

/** 1234567 -> "1,234,567" (no locale: output must not depend on the machine). */
export function thousands(value: number): string {
  if (!Number.isSafeInteger(value)) return Number.isInteger(value) ? value.toExponential(2) : String(value);
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
