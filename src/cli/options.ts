import { InvalidArgumentError, Option } from 'commander';

/** Option parsers: commander shows their message as "error: option '--x' argument ... is invalid. <message>". */

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER, why = '') {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got ${n}${why ? `: ${why}` : ''}`);
    return n;
  };
}

export function year(value: string): number {
  if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError(`expected a year such as 2030, got "${value}"`);
  return Number(value);
}

export function fraction(min: number, max: number, { minExclusive = false } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
    if ((minExclusive ? n <= min : n < min) || n > max) {
      throw new InvalidArgumentError(
        `expected a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'up ' : ''}to ${max}, got ${n}`,
      );
    }
    return n;
  };
}

export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}

export function listOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}`);
    for (const item of items) oneOf(allowed)(item);
    return [...new Set(items)] as T[];
  };
}

/** For repeatable options: each use adds to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `2014-2021`, `2015,2017,2019` or a mix: the years, sorted. */
export function yearList(value: string): number[] {
  const years = new Set<number>();
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new InvalidArgumentError(`the range ${part} runs backwards`);
      for (let y = from; y <= to; y++) years.add(y);
    } else if (/^\d{4}$/.test(part)) {
      years.add(Number(part));
    } else {
      throw new InvalidArgumentError(`expected years such as 2014-2021 or 2016,2018, got "${part}"`);
    }
  }
  if (years.size === 0) throw new InvalidArgumentError('expected at least one year');
  return [...years].sort((a, b) => a - b);
}

/**
 * `--manifest FILE`, listed in every command's help. main.ts takes it out of the arguments before
 * commander parses them (it records the whole run), so the option itself is never read.
 */
export function manifestOption(): Option {
  return new Option(
    '--manifest <file>',
    'also write a JSON record of the run (command, inputs and outputs with SHA-256, seed) that "lacproj rerun FILE" repeats and checks byte for byte',
  );
}

/** `--no-color`, for every command that prints text. */
export function noColorOption(): Option {
  return new Option('--no-color', 'no colour in the tables (also off when piped or NO_COLOR is set)');
}
