/**
 * Date and time rules for `scheduleFunction`, with zipline's semantics. Rules are plain data;
 * the engine's scheduler interprets them against the trading calendar.
 */
export type DateRule =
  | { readonly kind: 'everyDay' }
  /** The `offset`-th session (0-based) of each week / month, or counting back from its end. */
  | { readonly kind: 'weekStart' | 'weekEnd' | 'monthStart' | 'monthEnd'; readonly offset: number };

export type TimeRule =
  /** `offsetMinutes` after the session opens (zipline's default is 1 minute after the open). */
  | { readonly kind: 'marketOpen'; readonly offsetMinutes: number }
  /** `offsetMinutes` before the session closes. */
  | { readonly kind: 'marketClose'; readonly offsetMinutes: number }
  | { readonly kind: 'everyMinute' };

function checkOffset(n: number, rule: string, max: number): number {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`dateRules.${rule}(${n}): the offset must be a whole number from 0 to ${max}`);
  }
  return n;
}

/** Which sessions a scheduled function runs on. */
export const dateRules = {
  everyDay: (): DateRule => ({ kind: 'everyDay' }),
  weekStart: (daysOffset = 0): DateRule => ({ kind: 'weekStart', offset: checkOffset(daysOffset, 'weekStart', 4) }),
  weekEnd: (daysOffset = 0): DateRule => ({ kind: 'weekEnd', offset: checkOffset(daysOffset, 'weekEnd', 4) }),
  monthStart: (daysOffset = 0): DateRule => ({ kind: 'monthStart', offset: checkOffset(daysOffset, 'monthStart', 22) }),
  monthEnd: (daysOffset = 0): DateRule => ({ kind: 'monthEnd', offset: checkOffset(daysOffset, 'monthEnd', 22) }),
};

function minutesOf(o: { hours?: number; minutes?: number } | undefined, fallback: number): number {
  if (!o || (o.hours === undefined && o.minutes === undefined)) return fallback;
  const m = (o.hours ?? 0) * 60 + (o.minutes ?? 0);
  if (!Number.isInteger(m) || m < 0) throw new RangeError('timeRules: hours and minutes must be whole, non-negative numbers');
  return m;
}

/** When in a session a scheduled function runs. */
export const timeRules = {
  marketOpen: (offset?: { hours?: number; minutes?: number }): TimeRule => ({ kind: 'marketOpen', offsetMinutes: minutesOf(offset, 1) }),
  marketClose: (offset?: { hours?: number; minutes?: number }): TimeRule => ({ kind: 'marketClose', offsetMinutes: minutesOf(offset, 0) }),
  everyMinute: (): TimeRule => ({ kind: 'everyMinute' }),
};
