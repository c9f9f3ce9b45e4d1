/**
 * Set every entry of a zip file (an xlsx is one) to the same modification date and time, so the
 * same content gives the same bytes whenever it is written. exceljs stamps each entry with the
 * clock; the date is not in the entries' CRCs, so patching it in place leaves a valid zip.
 *
 * Zip layout (PKWARE APPNOTE 4.3): the end-of-central-directory record (signature 0x06054b50)
 * gives the number of entries and where the central directory starts; each central directory
 * header (0x02014b50) holds the DOS time and date at bytes 12-15 and the offset of the entry's
 * local header (0x04034b50), which holds them again at bytes 10-13.
 */
export function fixZipDates(zip: Uint8Array, when: { year: number; month: number; day: number }): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const dosDate = ((when.year - 1980) << 9) | (when.month << 5) | when.day;
  const dosTime = 0;
  let end = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('fixZipDates: no end of central directory: not a zip file');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`fixZipDates: no central directory header at byte ${at}`);
    view.setUint16(at + 12, dosTime, true);
    view.setUint16(at + 14, dosDate, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error(`fixZipDates: no local header at byte ${local}`);
    view.setUint16(local + 10, dosTime, true);
    view.setUint16(local + 12, dosDate, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}
