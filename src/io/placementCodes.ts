import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import type { PlacementCodeMap } from '../model/episodes/placements.js';
import { CODE_CATEGORIES, type CodeCategory, placementTypeOf } from '../model/episodes/placementTypes.js';
import type { InputReader } from './load.js';
import { cell, findColumn, parseTable, requireColumn, type ReadOptions } from './table.js';
import { readYearEnding } from './values.js';

/** The bundled map of SSDA903 placement codes to placement types (data/README.md gives its sources). */
const PLACEMENT_CODES_FILE = fileURLToPath(new URL('../../data/ssda903-placement-codes.csv', import.meta.url));

/**
 * `code,provider,category,first_year,last_year,description[,source]`: one line per PLACE code (and
 * PLACE_PROVIDER where the provider decides the category) and range of return years (years ending
 * 31 March; empty = open). Categories are the keys of `CODE_CATEGORIES` (model/episodes/placementTypes.ts),
 * `unknown` excepted, or their aliases.
 */
export function parsePlacementCodes(source: string, content: string, read: ReadOptions = {}): PlacementCodeMap {
  const table = parseTable(content, source, read);
  const columns = {
    code: requireColumn(table, 'placement codes', 'code'),
    provider: requireColumn(table, 'placement codes', 'provider'),
    category: requireColumn(table, 'placement codes', 'category'),
    firstYear: requireColumn(table, 'placement codes', 'first_year'),
    lastYear: requireColumn(table, 'placement codes', 'last_year'),
    description: findColumn(table, 'description'),
  };
  const known: readonly string[] = CODE_CATEGORIES.filter((c) => c !== 'unknown');
  const rules = table.rows.map((row) => {
    const at = (column: { name: string }) => ({ file: source, line: row.line, column: column.name });
    const code = cell(row, columns.code).trim().toUpperCase();
    if (code === '') throw new InputError('bad-value', 'the code is empty', at(columns.code));
    const raw = cell(row, columns.category).trim();
    // a name the type list knows (old maps say `kinship`), and one a code can have: not a group
    const category = placementTypeOf(raw);
    if (category === undefined || !known.includes(category)) {
      throw new InputError('bad-value', `expected a placement category (${known.join(', ')}), got "${raw}"`, at(columns.category));
    }
    const year = (column: { name: string; index: number }) =>
      cell(row, column).trim() === '' ? null : readYearEnding({ table, row, column });
    const provider = cell(row, columns.provider).trim().toUpperCase();
    return {
      code,
      provider: provider === '' ? null : provider,
      category: category as CodeCategory,
      firstYear: year(columns.firstYear),
      lastYear: year(columns.lastYear),
      description: columns.description ? cell(row, columns.description).trim() : '',
    };
  });
  return { source, rules };
}

/** The map in a file, or the bundled one. */
export function loadPlacementCodes(reader: InputReader, path?: string): PlacementCodeMap {
  const { text, path: label } =
    path !== undefined ? reader.text(path) : reader.text(PLACEMENT_CODES_FILE, 'data/ssda903-placement-codes.csv');
  return parsePlacementCodes(label, text, reader.readOptions);
}
