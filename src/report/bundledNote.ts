/**
 * The bundled data files a run used and the last year each reaches, in one line every output carries
 * (JSON notes, the end of each table, the report's sources, the workbook's Inputs, stderr beside a
 * CSV or chart): the bundled copies stop where they were taken, and later years are published.
 * e.g. `bundled data: DfE history to 31 March 2022 (London to 2025); ONS 0-17 estimates to mid-2024`.
 */
export function bundledDataLine(inputs: readonly { bundled?: string }[]): string | undefined {
  const words = [...new Set(inputs.flatMap((i) => (i.bundled === undefined ? [] : [i.bundled])))];
  if (words.length === 0) return undefined;
  // "(London to 2025)" qualifies the national history before it
  return `bundled data: ${words.join('; ').replaceAll('; (', ' (')}`;
}
