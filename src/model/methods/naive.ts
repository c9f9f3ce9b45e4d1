import { InsufficientDataError } from '../../errors.js';

/**
 * Naive forecast: every future year equals the last observed count. Hard to beat one to three
 * years ahead for looked-after children, whose numbers move slowly and noisily; every other
 * method should be judged against it.
 * @throws InsufficientDataError when no year has a count
 */
export function lastObservedCount(
  counts: readonly { year: number; cla: number | null }[],
  upToYear = Infinity,
): { year: number; cla: number } {
  const observed = counts.filter((c): c is { year: number; cla: number } => c.cla !== null && c.year <= upToYear);
  if (observed.length === 0) throw new InsufficientDataError('naive requires at least one year with a count');
  return observed.reduce((latest, c) => (c.year > latest.year ? c : latest));
}
