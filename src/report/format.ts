/** Locale-independent number formatting, so output is the same on every machine. */

/** 63398.4 -> "63,398" (decimals 0); 45.1 -> "45.10" (decimals 2). */
export function formatNumber(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

/** Fixed decimals without grouping, for CSV and JSON ("-0.0" becomes "0.0"). */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

/** Round to a number of decimals as a number (for JSON). */
export function round(value: number, decimals: number): number {
  return Number(fixed(value, decimals));
}

/**
 * Text that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return at the start)
 * gets a leading apostrophe, as OWASP advises for CSV injection. Only for text fields.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
