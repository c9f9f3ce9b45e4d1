import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

// Whole commands on mutated inputs: past the readers, the checks must keep odd but readable
// figures away from the maths, so that nothing ends in exit code 2 (a bug).

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'lacproj-fuzz-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values swapped in for counts: zeros, tiny, huge, suppressed (negative and malformed ones are the readers' fuzz). */
const oddNumber = fc.constantFrom('0', '1', '2', '5', '99999', '19999999', 'x', '', 'c', '3000', '1,000', '123456789012345678901234567890');

/** The file (plain CSV, no quotes) with some cells of the count columns replaced by odd values. */
function withOddNumbers(valid: string, columns: string[]): fc.Arbitrary<string> {
  const [header, ...rows] = valid
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  const targets = header!.flatMap((name, i) => (columns.includes(name) ? [i] : []));
  return fc
    .array(fc.tuple(fc.nat(rows.length - 1), fc.constantFrom(...targets), oddNumber), { minLength: 1, maxLength: 5 })
    .map((edits) => {
      const copy = rows.map((r) => [...r]);
      for (const [row, column, value] of edits) copy[row]![column] = value.includes(',') ? `"${value}"` : value;
      return [header!, ...copy].map((r) => r.join(',')).join('\n') + '\n';
    });
}

const io = () => {
  const err: string[] = [];
  return {
    io: {
      stdout: () => {},
      stderr: (t: string) => void err.push(t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      today: new Date('2026-11-27T12:00:00Z'),
    },
    err,
  };
};

describe('whole commands on inputs with odd numbers', () => {
  const history = read('data/tower-hamlets-cla-history.csv');
  const estimates = read('data/tower-hamlets-population-0-17-estimates.csv');
  let n = 0;

  it('project (every method, a small simulation) never ends in a bug', async () => {
    await fc.assert(
      fc.asyncProperty(
        withOddNumbers(history, ['cla', 'starts', 'ceased', 'uasc']),
        withOddNumbers(estimates, ['population_0_17']),
        async (h, p) => {
          const files = [join(dir, `h${n}.csv`), join(dir, `p${n++}.csv`)] as const;
          writeFileSync(files[0], h);
          writeFileSync(files[1], p);
          const { io: capture, err } = io();
          const code = await main(
            [
              'project',
              '--history',
              files[0],
              '--population',
              files[1],
              '--population',
              new URL('data/ons-2022-snpp-tower-hamlets-age-0-17.csv', root).pathname,
              '--simulations',
              '40',
              '--methods',
              'avg3,trend,naive,flow',
              '--format',
              'csv',
            ],
            capture,
          );
          if (process.env.FUZZ_DEBUG) console.log(code, err.join('').slice(-200));
          expect(code, err.join('')).not.toBe(2);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), seed: process.env.FUZZ_RUNS ? undefined : 5 },
    );
  });
});
