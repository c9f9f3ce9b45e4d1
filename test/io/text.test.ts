import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, firstUnsafeCharacter, hasUnsafeCharacters } from '../../src/io/text.js';

// XML 1.0's Char: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
const xmlChar = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;

describe('text read from files (issue 21)', () => {
  it('takes out controls, noncharacters, lone surrogates and bidirectional controls; whitespace controls become a space', () => {
    expect(cleanText('Tower\u000bHamlets')).toBe('Tower Hamlets');
    expect(cleanText('Tower Ham\u0001lets\u001b]0;title\u0007\ufffe')).toBe('Tower Hamlets]0;title');
    expect(cleanText('Tower Hamlets\u2067\u202e')).toBe('Tower Hamlets');
    expect(cleanText('a\u009b2Jb\u200f')).toBe('a2Jb');
    expect(cleanText('half \ud800 a character')).toBe('half  a character');
    // what is text stays: accents, other scripts, emoji (a surrogate pair), ordinary punctuation
    for (const ok of ['Tŵr Hamlets é', 'Saint-Étienne', 'قسم', '😀', '£3,830 & <x>']) {
      expect(cleanText(ok)).toBe(ok);
      expect(hasUnsafeCharacters(ok)).toBe(false);
    }
    expect(firstUnsafeCharacter('ab\u202ec\u0001')).toBe('U+202E');
  });

  it('what is left is XML text with nothing a terminal obeys, whatever went in (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const clean = cleanText(text);
        for (const ch of clean) {
          const code = ch.codePointAt(0)!;
          expect(xmlChar(code), `U+${code.toString(16)}`).toBe(true);
          expect(code < 0x20 || (code >= 0x7f && code <= 0x9f)).toBe(false);
        }
        expect(hasUnsafeCharacters(clean)).toBe(false);
        expect(cleanText(clean)).toBe(clean);
      }),
      { numRuns: 500, seed: 21 },
    );
  });
});
