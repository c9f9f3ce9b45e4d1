import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('charts', () => {
  it('lacproj chart draws a valid SVG with a title, axes and a series per method', async () => {
    const result = await runCli(['chart', '--to', '2030']);
    expect(result.code).toBe(0);
    const svg = result.stdout;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // tags nest and close properly (a small well-formedness check: no XML parser in the dependencies)
    const stack: string[] = [];
    for (const [tag] of svg.matchAll(/<[^>]+>/g)) {
      if (tag.startsWith('<?') || tag.startsWith('<!')) continue;
      const name = /^<\/?([a-zA-Z][\w:-]*)/.exec(tag)![1]!;
      if (tag.startsWith('</')) expect(stack.pop()).toBe(name);
      else if (!tag.endsWith('/>')) stack.push(name);
    }
    expect(stack).toEqual([]);
    expect(svg).toContain('Tower Hamlets (E09000030, 211): children looked after on 31 March');
    expect(svg).toContain('Year ending 31 March');
    expect(svg).toContain('Population 0-17');
    for (const series of ['actual', 'avg3', 'trend', 'naive', 'flow']) expect(svg).toMatch(new RegExp(`>${series}</text>`));
  });

  it('is byte-identical for the same inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-chart-'));
    const a = join(dir, 'a.svg');
    expect((await runCli(['project', '--to', '2028', '--chart', a])).code).toBe(0);
    expect((await runCli(['chart', '--to', '2028'])).stdout).toBe(readFileSync(a, 'utf8'));
  });

  it('--format text draws a compact chart for the terminal', async () => {
    const result = await runCli(['chart', '--format', 'text', '--methods', 'naive,trend', '--to', '2030']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Tower Hamlets (E09000030, 211): * actual, n naive, t trend (+ where they meet)');
    // the highest count (351 in 2010) labels the top row
    expect(lines[1]).toMatch(/^ +351 \| \*/);
  });
});
