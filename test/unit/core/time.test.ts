import { describe, expect, it } from 'vitest';
import { DAY_MS, dayNumber, dayString, isDayString, weekday, zonedTimeToUtc, localDay } from '../../../src/core/time.js';

describe('day numbers', () => {
  it('agrees with Date for every day from 1900 to 2100', () => {
    const first = Date.UTC(1900, 0, 1) / DAY_MS;
    const last = Date.UTC(2100, 11, 31) / DAY_MS;
    for (let d = first; d <= last; d++) {
      const expected = new Date(d * DAY_MS).toISOString().slice(0, 10);
      if (dayString(d) !== expected) expect(dayString(d)).toBe(expected);
      if (dayNumber(expected) !== d) expect(dayNumber(expected)).toBe(d);
    }
  });
  it('rejects impossible dates', () => {
    expect(isDayString('2023-02-29')).toBe(false);
    expect(isDayString('2024-02-29')).toBe(true);
    expect(isDayString('2024-2-9')).toBe(false);
  });
  it('knows weekdays: 1970-01-01 was a Thursday, 2024-11-21 a Thursday', () => {
    expect(weekday(0)).toBe(4);
    expect(weekday(dayNumber('2024-11-21'))).toBe(4);
    expect(weekday(dayNumber('2024-11-24'))).toBe(0);
  });
});

describe('zoned times', () => {
  it('places 09:30 New York at 14:30Z in winter and 13:30Z in summer', () => {
    expect(new Date(zonedTimeToUtc('America/New_York', dayNumber('2024-01-05'), 570)).toISOString()).toBe('2024-01-05T14:30:00.000Z');
    expect(new Date(zonedTimeToUtc('America/New_York', dayNumber('2024-07-05'), 570)).toISOString()).toBe('2024-07-05T13:30:00.000Z');
  });
  it('gives the local day of an instant', () => {
    expect(localDay('America/New_York', Date.parse('2024-01-05T03:00:00Z'))).toBe('2024-01-04');
    expect(localDay('UTC', Date.parse('2024-01-05T03:00:00Z'))).toBe('2024-01-05');
  });
});
