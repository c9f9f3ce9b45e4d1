import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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

describe("an output's format and its file name agree", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-format-'));

  it('--format png --out x.svg is refused before any work, and no file is written', async () => {
    const out = join(dir, 'x.svg');
    const result = await runCli(['chart', '--to', '2027', '--format', 'png', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: --out ${out} names a .svg file, but chart --format png writes png: name the file for its format, or give --format svg`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('without --format, the extension chooses: a PNG for .png, CSV for .csv, JSON for .json', async () => {
    const png = join(dir, 'chart.png');
    expect((await runCli(['chart', '--to', '2027', '--out', png])).code).toBe(0);
    // the PNG signature: 137 P N G \r \n 26 \n
    expect([...readFileSync(png).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const csv = join(dir, 'projection.csv');
    expect((await runCli(['project', '--to', '2027', '--out', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe(
      'area_code,area_name,method,year,kind,population_0_17,rate_per_10000,cla,lower80,upper80,lower95,upper95',
    );
    const json = join(dir, 'projection.json');
    expect((await runCli(['project', '--to', '2027', '--out', json])).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).command).toBe('project');
  });

  it('a file of a kind the command does not write is refused; .txt and names without an extension take any text', async () => {
    const xlsx = await runCli(['project', '--to', '2027', '--out', join(dir, 'p.xlsx')]);
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toMatch(/names a \.xlsx file, but project writes table, csv, json: name the file for its format\n/);
    const txt = join(dir, 'p.txt');
    expect((await runCli(['project', '--to', '2027', '--format', 'csv', '--out', txt])).code).toBe(0);
    expect(readFileSync(txt, 'utf8')).toMatch(/^area_code,/);
    expect((await runCli(['project', '--to', '2027', '--out', txt])).code).toBe(0);
    expect(readFileSync(txt, 'utf8')).toMatch(/^Tower Hamlets/);
    const bare = join(dir, 'projection');
    expect((await runCli(['project', '--to', '2027', '--format', 'json', '--out', bare])).code).toBe(0);
    expect(readFileSync(bare, 'utf8')).toMatch(/^\{/);
  });
});
