import { describe, expect, it } from 'vitest';
import { plainTable, stackHeader, wrapText } from '../../src/report/plain-table.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('wrapText', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapText('naive: the 2025 count (284) carried forward', 100, '  ')).toEqual(['  naive: the 2025 count (284) carried forward']);
  });

  it('wraps at spaces with a hanging indent, no line past the width', () => {
    const text = 'avg3: mean rate of 2023, 2024, 2025 = 45.10 per 10,000, held constant and applied to projected population';
    const lines = wrapText(text, 40, '  ');
    expect(lines).toEqual([
      '  avg3: mean rate of 2023, 2024, 2025 =',
      '    45.10 per 10,000, held constant and',
      '    applied to projected population',
    ]);
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(text);
  });

  it('breaks a word longer than the line', () => {
    const lines = wrapText(`file ${'x'.repeat(30)}`, 12);
    expect(lines.every((l) => l.length <= 12)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(`file${'x'.repeat(30)}`);
  });
});

describe('stackHeader', () => {
  it('breaks before a bracket, then at spaces and slashes, no narrower than the values', () => {
    expect(stackHeader('avg3 (average rate)', 13)).toBe('avg3\n(average rate)');
    expect(stackHeader('flow (inflow/outflow)', 13)).toBe('flow\n(inflow/\noutflow)');
    expect(stackHeader('Population 0-17', 6)).toBe('Population\n0-17');
    expect(stackHeader('In care at 18', 3)).toBe('In care\nat 18');
    expect(stackHeader('Year', 4)).toBe('Year');
  });
});

describe('plainTable', () => {
  const head = ['Year', 'Population 0-17', 'avg3 (average rate)', 'trend (trend rate)', 'naive (last count)', 'flow (inflow/outflow)'];
  const row = (year: number) => [String(year), '63,397', '286 (246-326)', '274 (234-315)', '284 (244-324)', '282 (255-309)'];
  const table = (width: number) => {
    const t = plainTable(head, width);
    t.push(row(2026), row(2027));
    return t.toString();
  };

  it('is unchanged when it fits', () => {
    expect(table(200)).toBe(
      [
        ' Year   Population 0-17   avg3 (average rate)   trend (trend rate)   naive (last count)   flow (inflow/outflow)',
        ' 2026            63,397         286 (246-326)        274 (234-315)        284 (244-324)           282 (255-309)',
        ' 2027            63,397         286 (246-326)        274 (234-315)        284 (244-324)           282 (255-309)',
      ].join('\n'),
    );
  });

  it('stacks the headers when that makes it fit, last header line above the values', () => {
    const text = table(100);
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text.split('\n')).toHaveLength(5);
    expect(text.split('\n')[2]).toMatch(/^ Year +0-17 +\(average rate\) +\(trend rate\) +\(last count\) +outflow\)$/);
  });

  it('splits the columns into blocks, each starting with the year, when stacking is not enough', () => {
    const text = table(50);
    expect(widest(text)).toBeLessThanOrEqual(50);
    const blocks = text.split('\n\n');
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block).toMatch(/\n 2026 .*\n 2027 /);
    // every value is still there
    expect(text.match(/286 \(246-326\)/g)).toHaveLength(2);
    expect(text.match(/282 \(255-309\)/g)).toHaveLength(2);
  });
});
