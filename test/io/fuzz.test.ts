import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, InsufficientDataError, UsageError } from '../../src/errors.js';
import { parseByAge } from '../../src/io/byAge.js';
import { combineHistory } from '../../src/io/combine.js';
import { decodeText } from '../../src/io/encoding.js';
import { parseHistory } from '../../src/io/history.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/io/limits.js';
import { checkHistory, checkPopulation } from '../../src/io/plausibility.js';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../../src/io/placements.js';
import { parsePopulation } from '../../src/io/population.js';
import { parsePublishedPlacements } from '../../src/io/publishedPlacements.js';
import { parseScenario } from '../../src/io/scenario.js';
import { readSsda903 } from '../../src/io/ssda903.js';
import { InputReader } from '../../src/io/load.js';

// Property: whatever bytes a reader is given (random, or a valid file mutated), it returns a
// result or throws an error a user can act on (InputError, UsageError, InsufficientDataError).
// Anything else (a TypeError, a RangeError, a hang) is a bug. Runs are kept small for CI.

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const TODAY = new Date('2026-11-27T12:00:00Z');
/** FUZZ_RUNS=5000 explores further (with a fresh seed each time); the suite keeps to a seeded 150. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_RUNS ? undefined : 12;

function acceptable(err: unknown): boolean {
  return err instanceof InputError || err instanceof UsageError || err instanceof InsufficientDataError;
}

/** Run a reader; fail the property on anything but a result or a user's error. */
function tolerates(reader: () => unknown): void {
  try {
    reader();
  } catch (err) {
    if (!acceptable(err)) throw err;
  }
}

/** A valid file changed here and there: characters deleted, inserted or replaced, lines doubled or dropped. */
function mutated(valid: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          ',',
          ';',
          '"',
          '\n',
          '\r\n',
          '-1',
          '1e308',
          '99999999999999999999',
          'NaN',
          'c',
          '\u0000',
          '\uFEFF',
          '2099',
          '2023-24',
          '&a',
          '*a',
          '{',
          '[',
        ),
      ),
    }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('line' as const), at: fc.nat(), double: fc.boolean() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let text = valid;
    for (const e of edits) {
      const at = text.length === 0 ? 0 : e.at % (text.length + 1);
      if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
      else if (e.kind === 'replace') text = text.slice(0, at) + e.text + text.slice(at + e.text.length);
      else {
        const lines = text.split('\n');
        const i = e.at % lines.length;
        if (e.double) lines.splice(i, 0, lines[i]!);
        else lines.splice(i, 1);
        text = lines.join('\n');
      }
    }
    return text;
  });
}

/** Random bytes as a file would give them: decoded first (which may itself refuse them). */
const randomText = fc.uint8Array({ maxLength: 600 }).map((bytes) => bytes);
function fromBytes(bytes: Uint8Array, reader: (text: string) => unknown): void {
  tolerates(() => reader(decodeText(bytes, 'random.csv').text));
}

/** A small history excerpt keeps each run fast. */
const head = (text: string, lines: number) => text.split('\n').slice(0, lines).join('\n') + '\n';

const readers: { name: string; valid: string; read: (text: string, limits?: Limits) => unknown }[] = [
  {
    name: 'history (simple)',
    valid: head(read('data/england/cla-history-2010-2022.csv'), 30),
    read: (text, limits) => {
      const file = parseHistory(text, 'h.csv', { limits });
      checkHistory(combineHistory([file], limits), TODAY);
    },
  },
  {
    name: 'history (DfE rate)',
    valid: read('fixtures/dfe/cla-rate-2025-release-london.csv'),
    read: (text, limits) => checkHistory(combineHistory([parseHistory(text, 'dfe.csv', { limits })], limits), TODAY),
  },
  {
    name: 'population (simple, ONS projection)',
    valid: read('data/ons-2022-snpp-tower-hamlets-age-0-17.csv'),
    read: (text, limits) => checkPopulation(parsePopulation(text, 'p.csv', { limits })),
  },
  {
    name: 'population (DfE layout)',
    valid: read('fixtures/dfe/ons-mye-dfe-layout-sample.csv'),
    read: (text, limits) => checkPopulation(parsePopulation(text, 'p.csv', { limits })),
  },
  {
    name: 'by age',
    valid: head(read('data/tower-hamlets-cla-by-age.csv'), 60),
    read: (text, limits) => parseByAge(text, 'b.csv', { limits }),
  },
  {
    name: 'by age (DfE characteristics)',
    valid: head(read('fixtures/dfe/la_cla_who_started_tower_hamlets_age.csv'), 40),
    read: (text, limits) => parseByAge(text, 'la_cla_who_started.csv', { limits }),
  },
  {
    name: 'placements',
    valid: read('data/tower-hamlets-placements.csv'),
    read: (text, limits) => parsePlacements('pl.csv', text, { limits }),
  },
  {
    name: 'placement mix',
    valid: 'placement_type,share\nin-house foster,0.4\nIFA foster,0.3\nresidential,0.1\nother,0.2\n',
    read: (text, limits) => parseMix('mix.csv', text, { limits }),
  },
  {
    name: 'capacity',
    valid: 'year,placement_type,places\n2024,in-house foster,120\n2025,residential,20\n',
    read: (text, limits) => parseCapacity('cap.csv', text, { limits }),
  },
  { name: 'costs', valid: read('data/example-costs.csv'), read: (text, limits) => parseCosts('costs.csv', text, 2025, { limits }) },
  {
    name: "published placements (DfE's layout)",
    valid: head(read('fixtures/dfe/la_cla_on_31_march_by_characteristics_sample.csv'), 60),
    read: (text) => parsePublishedPlacements('dfe.csv', text),
  },
  {
    name: 'published placements (2025 release)',
    valid: head(read('fixtures/dfe/la_cla_on_31_march_by_characteristics_2025_layout_sample.csv'), 60),
    read: (text) => parsePublishedPlacements('dfe.csv', text),
  },
  {
    name: 'published placements (bundled compact)',
    valid: head(read('data/england/placements-by-council-2010-2022.csv'), 30),
    read: (text) => parsePublishedPlacements('compact.csv', text),
  },
  { name: 'scenario', valid: read('examples/edge-of-care.yaml'), read: (text) => parseScenario(text, 's.yaml') },
];

describe('every reader takes random and mutated input without a bug', () => {
  it.each(readers)('$name: mutated valid files', ({ valid, read: reader }) => {
    tolerates(() => reader(valid)); // the valid file itself reads
    fc.assert(
      fc.property(mutated(valid), (text) => tolerates(() => reader(text))),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.each(readers)('$name: random bytes', ({ read: reader }) => {
    fc.assert(
      fc.property(randomText, (bytes) => fromBytes(bytes, reader)),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('the readers hold their bounds on generated text (a small --max-line-length and --max-field-length)', () => {
    const limits = { ...DEFAULT_LIMITS, maxLineLength: 200, maxFieldLength: 20, maxAreas: 3 };
    for (const { valid, read: reader } of readers) {
      fc.assert(
        fc.property(mutated(valid), (text) => tolerates(() => reader(text, limits))),
        { numRuns: 30, seed: 7 },
      );
    }
  });
});

describe('SSDA903 reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-fuzz-ssda903-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const episodes =
    read('fixtures/ssda903-hand/2019-episodes.csv') + read('fixtures/ssda903-hand/2020-episodes.csv').split('\n').slice(1).join('\n');
  const header = read('fixtures/ssda903-hand/2019-header.csv');
  let n = 0;

  async function tryReturns(files: Record<string, string | Uint8Array>): Promise<void> {
    const folder = join(dir, String(n++));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
    try {
      await readSsda903(new InputReader(), [folder]);
    } catch (err) {
      if (!acceptable(err)) throw err;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  it('mutated episode and header files', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(episodes), mutated(header), (e, h) => tryReturns({ '2019-episodes.csv': e, '2019-header.csv': h })),
      { numRuns: 60, seed: SEED },
    );
  });

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(randomText, (bytes) => tryReturns({ 'x-episodes.csv': bytes })),
      { numRuns: 60, seed: SEED },
    );
  });
});

describe('decoding', () => {
  it('UTF-8 text round-trips through the detector, with or without a BOM', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 100 }).filter((s) => !s.includes('\u0000')),
        fc.boolean(),
        (text, bom) => {
          const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
          const decoded = decodeText(bytes, 't.csv');
          expect(decoded.text.replace(/^\uFEFF/, '')).toBe(text.replace(/^\uFEFF/, ''));
          expect(decoded.note).toBeUndefined();
        },
      ),
      { numRuns: RUNS, seed: 3 },
    );
  });
});
