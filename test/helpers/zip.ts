import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A zip file built by hand, entry by entry (deflated unless `stored`), so that tests can make
 * workbooks no spreadsheet program would write: two entries of one name, tags left open.
 */
export function zip(entries: { name: string; data: string | Buffer; stored?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const data = entry.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.stored ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a one-sheet-or-more workbook: `sheets` by name, each its `<sheetData>` XML. */
export function workbookEntries(sheets: [string, string][], sharedStrings?: string): { name: string; data: string }[] {
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
    .map(([name], i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const relations = `<?xml version="1.0" encoding="UTF-8"?><Relationships>${sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')}</Relationships>`;
  return [
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: relations },
    ...sheets.map(([, data], i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${data}</sheetData></worksheet>`,
    })),
    ...(sharedStrings === undefined ? [] : [{ name: 'xl/sharedStrings.xml', data: `<sst>${sharedStrings}</sst>` }]),
  ];
}

/** `<row>` XML of cells from column A, numbers as numbers and the rest as inline strings. */
export function rowXml(row: number, cells: (string | number)[]): string {
  const letters = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`);
  return `<row r="${row}">${cells
    .map((value, i) =>
      typeof value === 'number'
        ? `<c r="${letters(i)}${row}"><v>${value}</v></c>`
        : `<c r="${letters(i)}${row}" t="inlineStr"><is><t>${value}</t></is></c>`,
    )
    .join('')}</row>`;
}
