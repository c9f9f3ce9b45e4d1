/**
 * The bundled data files a run used and the last year each reaches, in one line every output carries
 * (JSON notes, the end of each table, the report's sources, the workbook's Inputs, stderr beside a
 * CSV or chart): the bundled copies stop where they were taken, and later years are published.
 * e.g. `bundled data: DfE history to 31 March 2022 (London to 2025); ONS 0-17 estimates to mid-2024`.
 */
export function bundledDataLine(inputs: readonly { bundled?: string }[]): string | undefined {
  let words = [...new Set(inputs.flatMap((i) => (i.bundled === undefined ? [] : [i.bundled])))];
  if (words.length === 0) return undefined;
  // London's later years qualify the national history where both are used (`--history england`)
  const london = words.find((w) => /^DfE history of London to 31 March \d{4}$/.test(w));
  const national = words.findIndex((w) => /^DfE history to 31 March \d{4}$/.test(w));
  if (london !== undefined && national >= 0) {
    words[national] = `${words[national]} (London to ${london.slice(-4)})`;
    words = words.filter((w) => w !== london);
  }
  return `bundled data: ${words.join('; ')}`;
}
