import { describe, expect, it, vi } from 'vitest';

// A bug inside the maths must surface as exit code 2 with a stack, not as a user error.
vi.mock('../../src/model/projection/project.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/model/projection/project.js')>();
  return {
    ...original,
    projectArea: () => {
      throw new TypeError('cannot read properties of undefined');
    },
  };
});

const { main } = await import('../../src/cli/main.js');

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (t: string) => void out.push(t),
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
    const { io, err, out } = captureIo();
    const code = await main(['project'], io);
    expect(code).toBe(2);
    expect(out.join('')).toBe('');
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
