import Table from 'cli-table3';

/**
 * A borderless table for the terminal: the first column left-aligned, the rest right-aligned
 * (numbers), no colour of cli-table3's own (colour stays a renderer parameter).
 */
export function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
      'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
    },
  });
}

/** The table as text, without the trailing spaces cli-table3 pads the last column with. */
export function tableText(table: Table.Table): string {
  return table.toString().replace(/[ \t]+$/gm, '');
}
