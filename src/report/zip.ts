import { zipEntries } from '../zip.js';

/**
 * Set every entry of a zip file (an xlsx is one) to the same modification date and time, so the
 * same content gives the same bytes whenever it is written. exceljs stamps each entry with the
 * clock; the date is not in the entries' CRCs, so patching it in place leaves a valid zip (the
 * layout: src/zip.ts).
 */
export function fixZipDates(zip: Uint8Array, when: { year: number; month: number; day: number }): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const dosDate = ((when.year - 1980) << 9) | (when.month << 5) | when.day;
  const dosTime = 0;
  const fail = (reason: string): never => {
    throw new Error(`fixZipDates: ${reason}`);
  };
  for (const entry of zipEntries(out, fail)) {
    view.setUint16(entry.headerOffset + 12, dosTime, true);
    view.setUint16(entry.headerOffset + 14, dosDate, true);
    if (view.getUint32(entry.localOffset, true) !== 0x04034b50) fail(`no local header at byte ${entry.localOffset}`);
    view.setUint16(entry.localOffset + 10, dosTime, true);
    view.setUint16(entry.localOffset + 12, dosDate, true);
  }
  return out;
}
