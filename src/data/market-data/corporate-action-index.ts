import type { Dividend, Split } from '../../model/corporate-actions.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { lowerBound } from '../../core/numeric.js';

/**
 * Splits and dividends per asset, keyed by the calendar index of the session they take effect
 * on (effective date / ex-date; a non-session date counts from the next session). Answers
 * "does an event fall inside this window" with a binary search over the asset's few events.
 */
export class CorporateActionIndex {
  /** Events of asset `a` are `[start[a], start[a + 1])`, ascending by session. */
  private readonly start: Int32Array;
  private readonly session: Int32Array;
  private readonly isSplit: Uint8Array;
  /** Split ratio (shares after / before) or dividend amount per share. */
  private readonly value: Float64Array;

  constructor(
    splits: readonly Split[], dividends: readonly Dividend[], calendar: TradingCalendar,
    indexOfSid: (sid: number) => number, assetCount: number,
  ) {
    const events: { a: number; session: number; split: boolean; value: number }[] = [];
    for (const s of splits) {
      const a = indexOfSid(s.sid);
      if (a >= 0 && s.ratio > 0 && s.ratio !== 1) events.push({ a, session: calendar.sessionOnOrAfter(s.effectiveDate), split: true, value: s.ratio });
    }
    for (const d of dividends) {
      const a = indexOfSid(d.sid);
      if (a >= 0 && d.amount > 0) events.push({ a, session: calendar.sessionOnOrAfter(d.exDate), split: false, value: d.amount });
    }
    events.sort((x, y) => x.a - y.a || x.session - y.session);
    this.start = new Int32Array(assetCount + 1);
    this.session = new Int32Array(events.length);
    this.isSplit = new Uint8Array(events.length);
    this.value = new Float64Array(events.length);
    events.forEach((e, i) => {
      this.start[e.a + 1]!++;
      this.session[i] = e.session;
      this.isSplit[i] = e.split ? 1 : 0;
      this.value[i] = e.value;
    });
    for (let a = 0; a < assetCount; a++) this.start[a + 1]! += this.start[a]!;
  }

  /** Index of asset `a`'s newest event with `windowStart < session ≤ now`, or −1 when none. */
  newestIn(a: number, windowStart: number, now: number): number {
    const first = this.start[a]!, end = this.start[a + 1]!;
    if (first === end) return -1;
    const i = lowerBound(this.session, now, true, first, end) - 1;
    return i >= first && this.session[i]! > windowStart ? i : -1;
  }

  /**
   * Adjusts `out` (a window whose first value belongs to session `windowStart`) for every event
   * of asset `a` with `windowStart < session ≤ now`: values before the event — `out[0 … cut(session))`
   * — are multiplied by zipline's ratio. Splits: prices × 1/ratio, volume × ratio. Dividends:
   * prices × (1 − amount / close of the session before the ex-date), volume unchanged; a dividend
   * whose ratio is not positive (or whose previous close is unknown) is skipped, as zipline does.
   */
  apply(
    out: Float64Array, a: number, windowStart: number, now: number, volume: boolean,
    cut: (session: number) => number, previousClose: (session: number) => number,
  ): void {
    const first = this.start[a]!;
    for (let i = this.newestIn(a, windowStart, now); i >= first && this.session[i]! > windowStart; i--) {
      const session = this.session[i]!, v = this.value[i]!;
      let factor: number;
      if (this.isSplit[i]) factor = volume ? v : 1 / v;
      else if (volume) continue;
      else {
        factor = 1 - v / previousClose(session);
        if (!(factor > 0)) continue;
      }
      const end = Math.min(out.length, cut(session));
      for (let j = 0; j < end; j++) out[j] = out[j]! * factor;
    }
  }
}
