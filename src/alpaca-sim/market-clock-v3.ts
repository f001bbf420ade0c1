import { dayNumber, localDay, zonedTimeToUtc } from '../core/time.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { nextSessionAfter } from './market-hours.js';
import { VenueError } from './venue-error.js';
import { rfc3339Venue } from './wire-format.js';

/** The one market the simulator runs (v3 market object). */
export const NYSE = { acronym: 'NYSE', mic: 'XNYS', name: 'New York Stock Exchange', timezone: VENUE_TZ } as const;

const PRE_OPEN_MINUTES = 4 * 60;
const POST_CLOSE_MINUTES = 20 * 60;

/** Extended-hours bounds of session `i`: 04:00 and 20:00 New York time. */
function extended(cal: TradingCalendar, i: number): { preStart: number; postEnd: number } {
  const day = dayNumber(cal.sessions[i]!);
  return { preStart: zonedTimeToUtc(VENUE_TZ, day, PRE_OPEN_MINUTES), postEnd: zonedTimeToUtc(VENUE_TZ, day, POST_CLOSE_MINUTES) };
}

function checkMarkets(markets: string | null): void {
  if (markets === null || markets === '') return;
  for (const m of markets.split(',').map((x) => x.trim().toUpperCase())) {
    if (m !== NYSE.acronym && m !== NYSE.mic) throw new VenueError(400, 40010001, `unsupported market '${m}': the simulator runs NYSE (XNYS) only`);
  }
}

/**
 * GET /v3/clock at instant `at`: NYSE's phase (`pre` 04:00–open, `core` open–close, `post`
 * close–20:00, `closed` otherwise and on days without a session), when it ends, and the next open
 * and close.
 */
export function clockV3Wire(cal: TradingCalendar, at: number, markets: string | null): { clocks: Record<string, unknown>[] } {
  checkMarkets(markets);
  const today = cal.sessions.indexOf(localDay(VENUE_TZ, at));
  const next = Math.min(nextSessionAfter(cal, at), cal.sessions.length - 1);
  let phase = 'closed';
  let until = extended(cal, next).preStart;
  if (today >= 0) {
    const { preStart, postEnd } = extended(cal, today);
    const open = cal.opens[today]!, close = cal.closes[today]!;
    if (at >= preStart && at < open) [phase, until] = ['pre', open];
    else if (at >= open && at < close) [phase, until] = ['core', close];
    else if (at >= close && at < postEnd) [phase, until] = ['post', postEnd];
  }
  const nextClose = today >= 0 && at < cal.closes[today]! ? cal.closes[today]! : cal.closes[next]!;
  return {
    clocks: [{
      market: NYSE,
      timestamp: rfc3339Venue(at),
      is_market_day: today >= 0,
      next_market_open: rfc3339Venue(cal.opens[next]!),
      next_market_close: rfc3339Venue(nextClose),
      phase,
      phase_until: rfc3339Venue(until),
    }],
  };
}

/** GET /v3/calendar/{market}?start&end: each session's pre, core and post hours (New York offsets). */
export function calendarV3Wire(cal: TradingCalendar, market: string, start: string | null, end: string | null): Record<string, unknown> {
  checkMarkets(market);
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (v !== null && Number.isNaN(dayNumber(v.slice(0, 10)))) throw new VenueError(400, 40010001, `invalid ${name}: use YYYY-MM-DD`);
  }
  const from = start === null ? 0 : cal.sessionOnOrAfter(start.slice(0, 10));
  const to = end === null ? cal.sessions.length - 1 : cal.sessionOnOrBefore(end.slice(0, 10));
  const calendar: Record<string, string>[] = [];
  for (let i = from; i <= to; i++) {
    const { preStart, postEnd } = extended(cal, i);
    calendar.push({
      date: cal.sessions[i]!,
      pre_start: rfc3339Venue(preStart),
      pre_end: rfc3339Venue(cal.opens[i]!),
      core_start: rfc3339Venue(cal.opens[i]!),
      core_end: rfc3339Venue(cal.closes[i]!),
      post_start: rfc3339Venue(cal.closes[i]!),
      post_end: rfc3339Venue(postEnd),
      settlement_date: cal.sessions[Math.min(i + 1, cal.sessions.length - 1)]!,
    });
  }
  return { market: NYSE, calendar };
}
