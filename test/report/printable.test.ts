import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/report/printable.js';

describe('text for a terminal (issue 21)', () => {
  it('shows what a terminal would obey: ESC and BEL, C1 controls, bidirectional controls, noncharacters, lone surrogates', () => {
    expect(escapeControls('no area "Tower\u001b]0;owned\u0007"')).toBe('no area "Tower\\u001B]0;owned\\u0007"');
    expect(escapeControls('\u009b2J \u001b[2J')).toBe('\\u009B2J \\u001B[2J');
    expect(escapeControls('Hamlets\u2067\u202e \ufffe \ud800')).toBe('Hamlets\\u2067\\u202E \\uFFFE \\uD800');
  });

  it("leaves line ends, tabs, a progress bar's carriage return and ordinary text as they are, and is idempotent", () => {
    for (const text of ['error: a\n  b\tc\n', '\rreading [####....] 3/10', 'Tŵr Hamlets é 😀 قسم £3,830']) {
      expect(escapeControls(text)).toBe(text);
    }
    const once = escapeControls('x\u001by\u202e');
    expect(escapeControls(once)).toBe(once);
  });
});
