import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { combineHistory } from '../../src/io/combine.js';
import { decodeText } from '../../src/io/encoding.js';
import { parseHistory } from '../../src/io/history.js';
import { AreaIndex, sameNameFamily } from '../../src/io/identity.js';
import { DEFAULT_LIMITS, describeLimit, parseSize, thousands } from '../../src/io/limits.js';
import { InputReader } from '../../src/io/load.js';
import { checkHistory, describeFindings, latestYearEnded, type Finding } from '../../src/io/plausibility.js';
import { removeStaleTemporaries, resolveOutput } from '../../src/io/write.js';
import { sameArea } from '../../src/model/areas/matching.js';
import type { Area } from '../../src/model/types.js';
import { expectInputError } from '../helpers/errors.js';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lacproj-safety-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('limits', () => {
  it('reads sizes in powers of 1,024', () => {
    expect(parseSize('256M')).toBe(256 * 1024 ** 2);
    expect(parseSize('2G')).toBe(2 * 1024 ** 3);
    expect(parseSize('512KiB')).toBe(512 * 1024);
    expect(parseSize('1000')).toBe(1000);
    expect(parseSize('0')).toBeUndefined();
    expect(parseSize('lots')).toBeUndefined();
    expect(describeLimit('maxFileSize', 256 * 1024 ** 2)).toBe('256 MiB');
    expect(describeLimit('maxAreas', 1000)).toBe('1,000 areas');
    expect(thousands(1234567)).toBe('1,234,567');
    expect(thousands(1e30)).toBe('1.00e+30');
  });

  it.runIf(spawnSync('mkfifo', ['--version']).status === 0)('reading a pipe that never ends stops at the size bound', async () => {
    const pipe = join(folder(), 'endless');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const writer = spawn(process.execPath, [
      '-e',
      `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(pipe)},'w');const b=Buffer.alloc(65536,120);try{for(;;)fs.writeSync(fd,b)}catch{}`,
    ]);
    const reader = new InputReader({ ...DEFAULT_LIMITS, maxFileSize: 4 * 1024 * 1024 });
    try {
      expectInputError(() => reader.bytes(pipe, 'endless'), {
        code: 'limit-exceeded',
        file: 'endless',
        message: /over the limit of 4 MiB \(--max-file-size\): found more than 4 MiB \(stopped reading there\)/,
      });
    } finally {
      writer.kill();
    }
  });

  it('refuses devices and folders before reading', () => {
    if (existsSync('/dev/zero'))
      expectInputError(() => new InputReader().bytes('/dev/zero'), { code: 'not-a-file', message: /found a device/ });
    expectInputError(() => new InputReader().bytes(folder()), { code: 'not-a-file', message: /is a folder, not a file/ });
  });
});

describe('encodings', () => {
  it('detects UTF-8, UTF-8 with a BOM, UTF-16 LE and BE with a BOM', () => {
    const text = 'area_name,year\nSaint-Étienne ŵ,2024\n';
    expect(decodeText(Buffer.from(text), 'a').encoding).toBe('utf-8');
    expect(decodeText(Buffer.from('\uFEFF' + text), 'a').encoding).toBe('utf-8-bom');
    expect(decodeText(Buffer.from('\uFEFF' + text, 'utf16le'), 'a')).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.from('\uFEFF' + text, 'utf16le').swap16(), 'a')).toEqual({ text, encoding: 'utf-16be' });
  });

  it('falls back to Windows-1252 with a note naming the line and byte', () => {
    const decoded = decodeText(Buffer.from('name\nM\xfcnchen \x80\n', 'latin1'), 'w.csv');
    expect(decoded.text).toBe('name\nMünchen €\n');
    expect(decodeText(Buffer.from([0x93, 0x41, 0x94, 0x96, 0x85, 0xa0]), 'q').text).toBe('\u201cA\u201d\u2013\u2026\u00a0');
    expect(decoded.note).toMatch(/^w\.csv: not valid UTF-8 \(line 2, byte 0xfc\): read as Windows-1252/);
  });

  it('Windows-1252 text of random bytes never has a NUL and always decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeText(bytes, 'r');
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});

describe('identity', () => {
  it('spellings of one council are one name family; different councils are not', () => {
    for (const [a, b] of [
      ['Bristol, City of', 'Bristol'],
      ['County Durham', 'Durham'],
      ['Kingston upon Hull, City of', 'Hull'],
      ['Telford & Wrekin', 'Telford and Wrekin'],
      ['ST. HELENS', 'St Helens'],
      ['Bournemouth (Pre LG)', 'Bournemouth'],
      ['Southend-on-Sea', 'Southend'],
    ]) {
      expect(sameNameFamily(a!, b!), `${a} / ${b}`).toBe(true);
    }
    for (const [a, b] of [
      ['Cheshire East', 'Cheshire West and Chester'],
      ['City of London', 'Camden'],
      ['Bedford', 'Central Bedfordshire'],
      ['North Tyneside', 'South Tyneside'],
    ]) {
      expect(sameNameFamily(a!, b!), `${a} / ${b}`).toBe(false);
    }
  });

  it('finding an area through the index is the linear scan it replaced, wherever a code or number decides', () => {
    const area = fc
      .record({
        code: fc.constantFrom('', 'E1', 'E2', 'E3'),
        dfeCode: fc.constantFrom(undefined, '1', '2', '3'),
        name: fc.constantFrom('Dorset', 'dorset', 'Poole', 'Bournemouth'),
      })
      .map((a) => (a.dfeCode === undefined ? { code: a.code, name: a.name } : a) as Area);
    fc.assert(
      fc.property(fc.array(area, { maxLength: 12 }), area, (known, query) => {
        const index = new AreaIndex<{ area: Area }>();
        const items = known.map((a) => ({ area: a }));
        for (const item of items) index.add(item);
        const scan = items.filter((i) => sameArea(i.area, query));
        expect(index.matches(query)).toEqual(scan);
        // find prefers a shared code or number to a shared name, else the first
        const strong = scan.find(
          (i) => (i.area.code !== '' && i.area.code === query.code) || (i.area.dfeCode !== undefined && i.area.dfeCode === query.dfeCode),
        );
        expect(index.find(query)).toBe(strong ?? scan[0]);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('combining names both lines of a conflict', () => {
    const file = parseHistory(
      'area_code,dfe_code,area_name,year,cla\nE09000030,211,Tower Hamlets,2024,300\nE09000012,211,Hackney,2024,350\n',
      'h.csv',
    );
    expectInputError(() => combineHistory([file]), {
      code: 'area-conflict',
      file: 'h.csv',
      line: 3,
      message: /DfE number 211 is Tower Hamlets \(E09000030, 211\) on h\.csv line 2 but Hackney \(E09000012, 211\) here/,
    });
  });

  it('a code changed under the same number and name is one area', () => {
    const file = parseHistory(
      'area_code,dfe_code,area_name,year,cla\nE06000048,929,Northumberland,2019,400\nE06000057,929,Northumberland,2020,410\n',
      'h.csv',
    );
    expect(combineHistory([file]).areas).toHaveLength(1);
  });
});

describe('plausibility', () => {
  it('the latest year ending 31 March that has ended', () => {
    expect(latestYearEnded(new Date('2026-03-30T12:00:00Z'))).toBe(2025);
    expect(latestYearEnded(new Date('2026-03-31T00:00:00Z'))).toBe(2026);
    expect(latestYearEnded(new Date('2026-11-27T00:00:00Z'))).toBe(2026);
  });

  it('the bundled-like history passes without a word', () => {
    const file = parseHistory('year,cla,uasc\n2023,300,20\n2024,310,25\n2025,305,22\n', 'h.csv');
    expect(
      checkHistory(
        combineHistory([file]),
        new Date('2026-11-27T00:00:00Z'),
        () =>
          new Map([
            [2022, 60_000],
            [2023, 61_000],
            [2024, 62_000],
          ]),
      ),
    ).toEqual([]);
  });

  it('many warnings of a kind are summarised: three in full, the rest counted', () => {
    const findings: Finding[] = Array.from({ length: 40 }, (_, i) => ({ kind: 'change', file: 'h.csv', line: i + 2, message: `m${i}` }));
    const lines = describeFindings(findings);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('and 37 more like it (h.csv line 5; h.csv line 6; h.csv line 7; h.csv line 8; h.csv line 9; ...)');
  });
});

describe('writing', () => {
  it('tells files, devices and stdout apart', () => {
    const dir = folder();
    expect(resolveOutput('-').kind).toBe('stdout');
    expect(resolveOutput(join(dir, 'new.csv'))).toMatchObject({ kind: 'file' });
    if (existsSync('/dev/null')) expect(resolveOutput('/dev/null').kind).toBe('stream');
  });

  it('removes only stale temporary files of the same output', () => {
    const dir = folder();
    const target = join(dir, 'out.csv');
    for (const name of ['.out.csv.11.tmp', '.out.csv.22.tmp', '.other.csv.11.tmp', '.out.csv.33.tmp']) writeFileSync(join(dir, name), 'x');
    const removed = removeStaleTemporaries(target, (pid) => pid === 22, 33);
    expect(removed).toEqual([join(dir, '.out.csv.11.tmp')]);
    expect(['.out.csv.22.tmp', '.other.csv.11.tmp', '.out.csv.33.tmp'].every((n) => statSync(join(dir, n)).isFile())).toBe(true);
  });
});
