#!/usr/bin/env node
// Time and memory of the hostile inputs of issue 21, each refused or read by a fresh process:
// a 200 MB history with a new area on every line, and small workbooks that used to expand (20,000
// cells at column XFD, 200,000 tags left open, 12 million unused shared strings).
// Run after `npm run build`:  node bench/hostile.js [dist folder] [timeout seconds]
// The dist folder defaults to ./dist (another build, e.g. main's, can be timed the same way).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const [dist = 'dist', timeoutText = '300'] = process.argv.slice(2);
const mainUrl = new URL('cli/main.js', pathToFileURL(resolve(dist) + '/')).href;
const folder = mkdtempSync(join(tmpdir(), 'lacproj-hostile-bench-'));
const data = (name) => join(process.cwd(), 'data', name);

/** A zip of deflated entries (no CRCs: lacproj does not check them). */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const raw = Buffer.from(text);
    const packed = deflateRawSync(raw);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Tower Hamlets' estimates as a one-sheet workbook, with `extra` XML after the rows. */
function estimatesBook(extra, sharedStrings) {
  const rows = readFileSync(data('tower-hamlets-population-0-17-estimates.csv'), 'utf8').trim().split('\n').slice(1);
  const text = (ref, value) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
  const header = `<row r="1">${sharedStrings ? '<c r="A1" t="s"><v>0</v></c>' : text('A1', 'area_code')}${text('B1', 'area_name')}${text('C1', 'mid_year')}${text('D1', 'population_0_17')}</row>`;
  const body = rows
    .map((line, i) => {
      const [code, , name, year, population] = line.split(',');
      const r = i + 2;
      return `<row r="${r}">${text(`A${r}`, code)}${text(`B${r}`, name)}<c r="C${r}"><v>${year}</v></c><c r="D${r}"><v>${population}</v></c></row>`;
    })
    .join('');
  return zip([
    ['xl/workbook.xml', '<workbook><sheets><sheet name="persons" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', `<worksheet><sheetData>${header}${body}${extra}</sheetData></worksheet>`],
    ...(sharedStrings ? [['xl/sharedStrings.xml', `<sst>${sharedStrings}</sst>`]] : []),
  ]);
}

const cases = [];

// 200 MB of history, a new area on every line: refused at the 1,001st area.
{
  const path = join(folder, 'areas.csv');
  const lines = ['area_code,area_name,year,cla'];
  let size = 0;
  for (let i = 0; size < 200 * 1024 * 1024; i++) {
    const line = `X${String(i).padStart(8, '0')},Synthetic area ${i},2024,${i % 500}`;
    lines.push(line);
    size += line.length + 1;
  }
  writeFileSync(path, lines.join('\n') + '\n');
  cases.push({
    name: `history of ${(size / 1024 / 1024).toFixed(0)} MB, a new area on each of ${lines.length - 1} lines`,
    args: ['project', '--history', path, '--population', data('tower-hamlets-population-0-17-estimates.csv')],
  });
}

const projection = data('ons-2022-snpp-tower-hamlets-age-0-17.csv');
const workbook = (name, bytes, what) => {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  cases.push({
    name: `${what} (${(bytes.length / 1024).toFixed(0)} KB)`,
    args: ['project', '--methods', 'avg3', '--population', path, '--population', projection],
  });
};
workbook(
  'xfd.xlsx',
  estimatesBook(Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 100}"><c r="XFD${i + 100}"><v>1</v></c></row>`).join('')),
  'workbook, 20,000 one-cell rows at column XFD',
);
workbook('open.xlsx', estimatesBook('<row r="99">'.repeat(200_000)), 'workbook, 200,000 <row> tags left open');
workbook(
  'strings.xlsx',
  estimatesBook('', `<si><t>area_code</t></si>${'<si><t>x</t></si>'.repeat(12_000_000)}`),
  'workbook, 12 million unused shared strings',
);

const child = `
const { main } = await import(${JSON.stringify(mainUrl)});
const io = { stdout: () => {}, stderr: (t) => { if (t.startsWith('error')) process.stderr.write(t.slice(0, 200) + '\\n'); }, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const t0 = performance.now();
const code = await main(JSON.parse(process.argv[1]), io);
console.log(JSON.stringify({ code, ms: Math.round(performance.now() - t0), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
`;
for (const c of cases) {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', child, JSON.stringify(c.args)], {
    encoding: 'utf8',
    timeout: Number(timeoutText) * 1000,
    maxBuffer: 1 << 20,
  });
  const result = run.error ? `stopped after ${timeoutText} s` : run.stdout.trim() || `exit ${run.status} ${run.signal ?? ''}`;
  console.log(`${c.name}: ${result}${run.stderr ? ` -- ${run.stderr.trim().split('\n').at(-1)}` : ''}`);
}
rmSync(folder, { recursive: true, force: true });
