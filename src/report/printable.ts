/**
 * Text for a terminal, with what a terminal would obey shown instead: ESC and the other C0 and C1
 * controls (but tab, line feed and carriage return), DEL, the bidirectional controls, U+FFFE/U+FFFF
 * and lone surrogates become `\u001B` and the like. Readers take these out of what they read
 * (io/text.ts); this is for what reaches stderr any other way: a file name, a command-line value,
 * a YAML key quoted in an error.
 */
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff\ud800-\udfff]/gu;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
