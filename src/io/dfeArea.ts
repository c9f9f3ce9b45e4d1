import type { Area } from '../model/types.js';
import { cell, findColumn, type Table, type TableRow } from './table.js';

/** The geographic level of a row of a DfE (explore-education-statistics) file. */
export type DfeLevel = 'national' | 'regional' | 'local authority';

/**
 * Which area a row of a DfE file is about, as DfE lays it out: `geographic_level` says whether the
 * row is England (`country_code`, `country_name`), a region (`region_code`, `region_name`) or a
 * council (`new_la_code`, `la_name`, `old_la_code` = the DfE number). Files without a level column
 * hold councils. The columns are found once; the reader is called per row.
 */
export function dfeAreaReader(table: Table): (row: TableRow) => { level: DfeLevel; area: Area } {
  const levelCol = findColumn(table, 'geographic_level');
  const col = {
    laCode: findColumn(table, 'new_la_code'),
    laName: findColumn(table, 'la_name'),
    dfeCode: findColumn(table, 'old_la_code'),
    regionCode: findColumn(table, 'region_code'),
    regionName: findColumn(table, 'region_name'),
    countryCode: findColumn(table, 'country_code'),
    countryName: findColumn(table, 'country_name'),
  };
  const get = (row: TableRow, column: (typeof col)[keyof typeof col]) => (column ? cell(row, column).trim() : '');
  return (row) => {
    const level = levelCol ? cell(row, levelCol).trim().toLowerCase() : '';
    if (level.startsWith('national'))
      return { level: 'national', area: { code: get(row, col.countryCode), name: get(row, col.countryName) } };
    if (level.startsWith('regional'))
      return { level: 'regional', area: { code: get(row, col.regionCode), name: get(row, col.regionName) } };
    const area: Area = { code: get(row, col.laCode), name: get(row, col.laName) };
    const dfeCode = get(row, col.dfeCode);
    if (dfeCode !== '') area.dfeCode = dfeCode;
    return { level: 'local authority', area };
  };
}
