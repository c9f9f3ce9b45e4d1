import { expect } from 'vitest';
import { InputError, type InputErrorCode } from '../../src/errors.js';

/** Assert that `fn` throws an InputError with the given code and location fields. */
export function expectInputError(
  fn: () => unknown,
  expected: { code: InputErrorCode; file?: string; line?: number; column?: string | number; message?: RegExp },
): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an InputError to be thrown').toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.code).toBe(expected.code);
  if (expected.file !== undefined) expect(error.file).toBe(expected.file);
  if (expected.line !== undefined) expect(error.line).toBe(expected.line);
  if (expected.column !== undefined) expect(error.column).toBe(expected.column);
  if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
  return error;
}
