import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function captureIo(stdout?: (t: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: stdout ?? ((t: string) => void out.push(t)),
      stderr: (t: string) => void err.push(t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
    },
    out,
    err,
  };
}

describe('main', () => {
  it('turns an unexpected error into exit code 2 with a stack trace', async () => {
    // an error that is not an input or usage problem, thrown from deep inside a run: a bug
    const { io, err } = captureIo(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    const code = await main(['project', '--methods', 'naive', '--to', '2026'], io);
    expect(code).toBe(2);
    expect(err.join('')).toMatch(
      /an unexpected problem inside lacproj \(a bug[\s\S]*TypeError: cannot read properties of undefined\n\s+at /,
    );
  });

  it('an unknown option is exit code 1', async () => {
    const { io, err } = captureIo();
    expect(await main(['project', '--nope'], io)).toBe(1);
    expect(err.join('')).toMatch(/unknown option '--nope'/);
  });
});
