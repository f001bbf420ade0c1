import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { Scheduler } from '../../../src/engine/scheduler.js';
import { dateRules, timeRules } from '../../../src/strategy/rules.js';
import type { ScheduledFunction } from '../../../src/strategy/context.js';
import type { DateRule } from '../../../src/strategy/rules.js';

const cal = getCalendar('XNYS');
const sessionsOf = (rule: DateRule, from: string, to: string) => {
  const s = new Scheduler(cal);
  const out: string[] = [];
  for (let i = cal.sessionOnOrAfter(from); i <= cal.sessionOnOrBefore(to); i++) if (s.matches(rule, i)) out.push(cal.sessions[i]!);
  return out;
};

describe('Scheduler date rules (XNYS, zipline semantics)', () => {
  it('monthStart counts trading days: Jan 1 2024 is a holiday', () => {
    expect(sessionsOf(dateRules.monthStart(), '2024-01-01', '2024-03-31')).toEqual(['2024-01-02', '2024-02-01', '2024-03-01']);
    expect(sessionsOf(dateRules.monthStart(2), '2024-01-01', '2024-01-31')).toEqual(['2024-01-04']);
  });

  it('monthEnd counts back from the last session (2024-03-29 is Good Friday)', () => {
    expect(sessionsOf(dateRules.monthEnd(), '2024-01-01', '2024-03-31')).toEqual(['2024-01-31', '2024-02-29', '2024-03-28']);
    expect(sessionsOf(dateRules.monthEnd(1), '2024-02-01', '2024-02-29')).toEqual(['2024-02-28']);
  });

  it('weekStart/weekEnd skip holidays (MLK day 2024-01-15, a Monday)', () => {
    expect(sessionsOf(dateRules.weekStart(), '2024-01-08', '2024-01-21')).toEqual(['2024-01-08', '2024-01-16']);
    expect(sessionsOf(dateRules.weekEnd(), '2024-01-08', '2024-01-21')).toEqual(['2024-01-12', '2024-01-19']);
    // Thanksgiving week 2024: Mon–Wed, Fri (half day); the 4th session (offset 3) is the Friday
    expect(sessionsOf(dateRules.weekStart(3), '2024-11-25', '2024-11-29')).toEqual(['2024-11-29']);
    expect(sessionsOf(dateRules.everyDay(), '2024-11-25', '2024-11-29')).toHaveLength(4);
  });
});

describe('Scheduler time rules and half days', () => {
  const f: ScheduledFunction = () => {};
  const MIN = 60_000;

  it('runs at open + offset and close − offset in minute mode; every minute by default', () => {
    const s = new Scheduler(cal);
    const open30 = () => {}, close15 = () => {}, every = () => {};
    s.add(open30, dateRules.everyDay(), timeRules.marketOpen({ minutes: 30 }));
    s.add(close15, dateRules.everyDay(), timeRules.marketClose({ minutes: 15 }));
    s.add(every);
    const i = cal.sessionIndex('2024-01-03');
    s.startSession(i);
    const open = cal.opens[i]!, close = cal.closes[i]!;
    expect(s.due(open + 30 * MIN, false, [])).toEqual([open30, every]); // 10:00 ET bar
    expect(s.due(open + 29 * MIN, false, [])).toEqual([every]);
    expect(s.due(close - 15 * MIN, false, [])).toEqual([close15, every]); // 15:45 ET bar
    expect(s.due(close, true, [])).toEqual([open30, close15, every]); // daily: all due on the bar
  });

  it('halfDays: false skips early closes (2024-11-29)', () => {
    const s = new Scheduler(cal);
    s.add(f, dateRules.everyDay(), timeRules.marketOpen(), false);
    const half = cal.sessionIndex('2024-11-29');
    s.startSession(half);
    expect(s.due(cal.closes[half]!, true, [])).toEqual([]);
    s.startSession(half - 1);
    expect(s.due(cal.closes[half - 1]!, true, [])).toEqual([f]);
  });

  it('on a 24-hour calendar fires at the bars of its own session: marketClose() at the last minute bar, 23:59:59.999', () => {
    const always = getCalendar('ALWAYS_OPEN');
    const s = new Scheduler(always);
    const atClose = () => {}, close2 = () => {}, open1 = () => {};
    s.add(atClose, dateRules.everyDay(), timeRules.marketClose());
    s.add(close2, dateRules.everyDay(), timeRules.marketClose({ minutes: 2 }));
    s.add(open1, dateRules.everyDay(), timeRules.marketOpen({ minutes: 1 }));
    const i = always.sessionIndex('2024-01-03');
    s.startSession(i);
    const t = (iso: string) => Date.parse(iso);
    expect(s.due(t('2024-01-03T23:59:59.999Z'), false, [])).toEqual([atClose]); // the 23:59 bar ends at the close
    expect(s.due(t('2024-01-03T23:58:00Z'), false, [])).toEqual([close2]); // the 23:57 bar, 2 minutes before the last one's end
    expect(s.due(t('2024-01-03T00:01:00Z'), false, [])).toEqual([open1]);
    expect(s.due(t('2024-01-04T00:00:00Z'), false, [])).toEqual([]);
  });
});
