/**
 * The central directory of a zip file (an xlsx workbook is one), read from its bytes: shared by the
 * workbook reader (io/xlsx.ts) and the workbook writer's date fix (report/zip.ts).
 *
 * Layout (PKWARE APPNOTE 4.3): the end-of-central-directory record (signature 0x06054b50, 22 bytes
 * plus a comment of up to 65,535) gives the number of entries and where the central directory
 * starts; each central directory header (0x02014b50, 46 bytes plus name, extra and comment) gives
 * an entry's method, sizes, DOS time and date (bytes 12-15) and the offset of its local header
 * (0x04034b50), which holds the time and date again at bytes 10-13.
 */

/** One entry as the central directory gives it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where its central directory header starts. */
  headerOffset: number;
  localOffset: number;
}

/**
 * Every entry of the central directory, in order; `fail` is called (and must throw) with what is
 * wrong for a file that is not a zip, is zip64, or whose directory is damaged.
 */
export function zipEntries(bytes: Uint8Array, fail: (reason: string) => never): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) fail('no zip directory (a damaged or truncated file)');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (offset === 0xffffffff || count === 0xffff) fail('zip64 files are not supported');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) fail('a damaged zip directory');
    const nameLength = view.getUint16(offset + 28, true);
    const entry: ZipEntry = {
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      headerOffset: offset,
      localOffset: view.getUint32(offset + 42, true),
      name: decoder.decode(bytes.subarray(offset + 46, Math.min(bytes.length, offset + 46 + nameLength))),
    };
    if (entry.localOffset + 30 > bytes.length) fail(`${entry.name} lies outside the file`);
    entries.push(entry);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}
