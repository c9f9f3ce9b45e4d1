/** Whole-day dates (days since 1 January 1970, UTC), ages and the DfE age bands of SSDA903 analysis. */

export const DAY_MS = 86_400_000;
export const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;

/**
 * A day as the number YYYYMMDD (Howard Hinnant's civil-from-days, in integers: no Date objects,
 * which matters when a million episodes are dated).
 */
export function civilDate(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + date;
}

/**
 * Whole years between two days (age on a date): the YYYYMMDD difference divided by 10,000 counts
 * a year only once the birthday is reached (29 February birthdays turn on 1 March).
 */
export function ageOn(dob: number, day: number): number {
  return Math.floor((civilDate(day) - civilDate(dob)) / 10_000);
}

/** Year ending 31 March that contains a day. */
export function returnYearOf(day: number): number {
  const civil = civilDate(day);
  const year = Math.floor(civil / 10_000);
  return civil % 10_000 >= 401 ? year + 1 : year;
}

/** The 18th birthday (29 February birthdays fall on 1 March in other years, as in `ageOn`). */
export function eighteenthBirthday(dob: number): number {
  const civil = civilDate(dob);
  return dayOf(Math.floor(civil / 10_000) + 18, Math.floor(civil / 100) % 100, civil % 100);
}

export const DFE_AGE_BANDS = ['under1', '1to4', '5to9', '10to15', '16plus'] as const;
export type DfeAgeBand = (typeof DFE_AGE_BANDS)[number] | 'unknown';

export function ageBand(age: number | null): DfeAgeBand {
  if (age === null || age < 0) return 'unknown';
  if (age < 1) return 'under1';
  if (age < 5) return '1to4';
  if (age < 10) return '5to9';
  if (age < 16) return '10to15';
  return '16plus';
}
