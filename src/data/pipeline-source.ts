/**
 * The pipeline engine's data over a bundle: `EquityPricing` columns from the daily bars (read
 * once into sessions × assets blocks, straight from the query's column batches, and handed out
 * as views), and adjustments from the bundle's splits and dividends as
 * zipline makes them — prices × 1/ratio and volume × ratio for a split from its effective
 * session, prices × (1 − amount / previous close) for a dividend from its ex-date session.
 */
import { UsageError } from '../core/errors.js';
import { DAY_MS, dayNumber } from '../core/time.js';
import { lowerBound } from '../core/numeric.js';
import type { Asset } from '../model/asset.js';
import type { BarColumns } from '../model/bar.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { Adjustment, ColumnRef, PipelineSource } from '../ports/pipeline-source.js';


const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
/** Values per field one read-ahead query may bring (bounds memory whatever the bundle's size). */
const READ_AHEAD_VALUES = 4_000_000;
type Field = (typeof FIELDS)[number];

interface Event {
  readonly session: number;
  readonly col: number;
  readonly split: boolean;
  readonly value: number;
}

/** Where a live run's pipelines take their data from instead of the bundle alone. */
export interface LivePipelineData {
  /** The run's assets (the bundle's, those alive at its end made open-ended). */
  readonly assets: readonly Asset[];
  /**
   * Daily bars of `sids` on sessions `first…last` (calendar indices): the bundle's, then the
   * days made from the bars received since. Read again on every load: later days change.
   */
  dailyBars(sids: readonly number[], first: number, last: number): Promise<ReadonlyMap<number, BarColumns>>;
}

/**
 * A `PipelineSource` reading `reader`'s daily bars on `calendar`'s sessions; with `live`, prices
 * come from the bundle plus the live history (adjustments and custom datasets still from the bundle).
 */
export async function bundlePipelineSource(reader: BundleReader, calendar: TradingCalendar, live?: LivePipelineData): Promise<PipelineSource> {
  const [bundleAssets, splits, dividends] = await Promise.all([reader.assets(), reader.splits(), reader.dividends()]);
  const assets = live?.assets ?? bundleAssets;
  const colOf = new Map(assets.map((a, i) => [a.sid, i]));
  const events: Event[] = [];
  for (const s of splits) {
    const col = colOf.get(s.sid);
    if (col !== undefined && s.ratio > 0 && s.ratio !== 1) events.push({ session: calendar.sessionOnOrAfter(s.effectiveDate), col, split: true, value: s.ratio });
  }
  for (const d of dividends) {
    const col = colOf.get(d.sid);
    if (col !== undefined && d.amount > 0) events.push({ session: calendar.sessionOnOrAfter(d.exDate), col, split: false, value: d.amount });
  }
  events.sort((x, y) => x.session - y.session || x.col - y.col);
  return new BundlePipelineSource(reader, calendar, assets, events, live);
}

class BundlePipelineSource implements PipelineSource {
  readonly sessions: readonly string[];
  private readonly sids: number[];

  constructor(private readonly reader: BundleReader, private readonly calendar: TradingCalendar, readonly assets: readonly Asset[],
    private readonly events: readonly Event[], private readonly live?: LivePipelineData) {
    this.sessions = calendar.sessions;
    this.sids = assets.map((a) => a.sid);
  }

  async load(columns: readonly ColumnRef[], from: number, to: number): Promise<Float64Array[]> {
    const prices = columns.filter((c) => c.dataset === 'EquityPricing');
    const out = await this.loadPrices(prices, from, to);
    return Promise.all(columns.map(async (c) => (c.dataset === 'EquityPricing' ? out[prices.indexOf(c)]! : this.loadCustom(c, from, to))));
  }

  /**
   * A custom dataset column: row s holds, per asset, the newest value whose asof_date lies before
   * the next session (so an output session sees values dated before it).
   */
  private async loadCustom(column: ColumnRef, from: number, to: number): Promise<Float64Array> {
    const data = await this.dataset(column);
    const width = this.assets.length;
    const out = new Float64Array((to - from + 1) * width).fill(NaN);
    const days = this.calendar.sessionDays;
    for (let col = 0; col < width; col++) {
      const rows = data.byCol.get(col);
      if (!rows) continue;
      let k = -1;
      for (let s = from; s <= to; s++) {
        const limit = s + 1 < days.length ? days[s + 1]! : Infinity;
        while (k + 1 < rows.days.length && rows.days[k + 1]! < limit) k++;
        if (k >= 0) out[(s - from) * width + col] = rows.values[k]!;
      }
    }
    return out;
  }

  private readonly datasets = new Map<string, Promise<{ byCol: Map<number, { days: Int32Array; values: Float64Array }> }>>();

  private dataset(column: ColumnRef): Promise<{ byCol: Map<number, { days: Int32Array; values: Float64Array }> }> {
    let p = this.datasets.get(column.key);
    if (!p) {
      p = (async () => {
        const rows = this.reader.dataset ? await this.reader.dataset(column.dataset) : null;
        if (!rows) throw new UsageError(`pipeline column ${column.key}: bundle '${this.reader.meta.name}' has no dataset '${column.dataset}'; add it with ziplime ingest --dataset ${column.dataset} --path FILE`);
        const c = rows.columns.findIndex((x) => x.toLowerCase() === column.name.toLowerCase());
        if (c < 0) throw new UsageError(`pipeline column ${column.key}: dataset '${column.dataset}' has columns ${rows.columns.join(', ')}`);
        const colOf = new Map(this.assets.map((a, i) => [a.sid, i]));
        const byCol = new Map<number, { days: Int32Array; values: Float64Array }>();
        let i = 0;
        while (i < rows.sid.length) {
          let j = i;
          while (j < rows.sid.length && rows.sid[j] === rows.sid[i]) j++;
          const col = colOf.get(rows.sid[i]!);
          if (col !== undefined) {
            byCol.set(col, {
              days: Int32Array.from(rows.asof.slice(i, j), (d) => dayNumber(d)),
              values: rows.values[c]!.slice(i, j),
            });
          }
          i = j;
        }
        return { byCol };
      })();
      this.datasets.set(column.key, p);
    }
    return p;
  }

  /** Dense columns read ahead of the chunk asked for: one read serves the next chunks too. */
  private block: { from: number; to: number; fields: readonly Field[]; data: Promise<Float64Array[]> } | undefined;

  /**
   * Raw values of `fields` on sessions from…to as sessions × assets blocks (views of a block read
   * ahead up to ~4M values per field, starting at `from`, ending at the bundle's last bar).
   */
  private async loadPrices(columns: readonly ColumnRef[], from: number, to: number): Promise<Float64Array[]> {
    if (columns.length === 0) return [];
    const fields = columns.map((c) => fieldOf(c));
    const width = this.assets.length;
    if (this.live) return this.readBlock(fields, from, to);
    let b = this.block;
    if (!b || from < b.from || to > b.to || fields.some((f) => !b!.fields.includes(f))) {
      const range = await this.reader.range('daily');
      const lastDay = range ? Math.floor(range.last / DAY_MS) : -Infinity;
      const span = Math.max(to - from + 1, Math.floor(READ_AHEAD_VALUES / Math.max(1, width)));
      let end = Math.min(this.sessions.length - 1, from + span - 1);
      while (end > to && this.calendar.sessionDays[end]! > lastDay) end--;
      const want = [...new Set(fields)];
      b = this.block = { from, to: end, fields: want, data: this.readBlock(want, from, end) };
    }
    const data = await b.data;
    return fields.map((f) => data[b!.fields.indexOf(f)]!.subarray((from - b!.from) * width, (to - b!.from + 1) * width));
  }

  /** Reads `fields` of sessions from…to into sessions × assets blocks (NaN where no bar), in one pass. */
  private async readBlock(fields: readonly Field[], from: number, to: number): Promise<Float64Array[]> {
    const width = this.assets.length;
    const out = fields.map(() => new Float64Array((to - from + 1) * width).fill(NaN));
    const days = this.calendar.sessionDays;
    const day0 = days[from]!;
    // Row of each calendar day from the first session to the last (−1: not a session).
    const rowOfDay = new Int32Array(days[to]! - day0 + 1).fill(-1);
    for (let s = from; s <= to; s++) rowOfDay[days[s]! - day0] = s - from;
    const colOf = new Map(this.assets.map((a, i) => [a.sid, i]));
    const targets = out.length;
    const sources: ArrayLike<number>[] = new Array(targets);
    let lastSid = NaN;
    let col = -1;
    const put = (sid: ArrayLike<number>, ts: ArrayLike<number>, values: readonly ArrayLike<number>[], n: number) => {
      for (let k = 0; k < targets; k++) sources[k] = values[k]!;
      for (let i = 0; i < n; i++) {
        if (sid[i] !== lastSid) {
          lastSid = sid[i]!;
          col = colOf.get(lastSid) ?? -1;
        }
        const d = Math.floor(ts[i]! / DAY_MS) - day0;
        const row = d >= 0 && d < rowOfDay.length ? rowOfDay[d]! : -1;
        if (col < 0 || row < 0) continue;
        const at = row * width + col;
        for (let k = 0; k < targets; k++) out[k]![at] = sources[k]![i]!;
      }
    };
    const range = { startDay: this.sessions[from]!, endDay: this.sessions[to]! };
    if (this.live) {
      const bars = await this.live.dailyBars(this.sids, from, to);
      for (const [sid, b] of bars) put(new Float64Array(b.ts.length).fill(sid), b.ts, fields.map((f) => b[f]), b.ts.length);
      return out;
    }
    if (this.reader.scanBars) {
      await this.reader.scanBars('daily', this.sids, range, (sid, ts, values, n) => put(sid, ts, values, n), fields);
      return out;
    }
    const bars = await this.reader.dailyBars(this.sids, range.startDay, range.endDay);
    for (const [sid, b] of bars) put(new Float64Array(b.ts.length).fill(sid), b.ts, fields.map((f) => b[f]), b.ts.length);
    return out;
  }

  async adjustments(column: ColumnRef, from: number, to: number): Promise<readonly Adjustment[]> {
    if (column.dataset !== 'EquityPricing') return [];
    const field = fieldOf(column);
    const inRange = this.events.filter((e) => e.session >= from && e.session <= to && e.session > 0);
    const out: Adjustment[] = [];
    const dividendCloses = field === 'volume' ? null : await this.previousCloses(inRange.filter((e) => !e.split));
    for (const e of inRange) {
      if (e.split) out.push({ session: e.session, col: e.col, ratio: field === 'volume' ? e.value : 1 / e.value });
      else if (dividendCloses) {
        const ratio = 1 - e.value / dividendCloses.get(e)!;
        if (ratio > 0) out.push({ session: e.session, col: e.col, ratio });
      }
    }
    return out;
  }

  /** Raw close of the session before each dividend's ex-date (NaN when that bar is missing: the dividend is skipped). */
  private async previousCloses(dividends: readonly Event[]): Promise<Map<Event, number>> {
    const out = new Map<Event, number>();
    if (dividends.length === 0) return out;
    const first = Math.min(...dividends.map((e) => e.session)) - 1;
    const last = Math.max(...dividends.map((e) => e.session)) - 1;
    const sids = [...new Set(dividends.map((e) => this.sids[e.col]!))];
    const bars = await this.reader.dailyBars(sids, this.sessions[first]!, this.sessions[last]!);
    for (const e of dividends) {
      const b = bars.get(this.sids[e.col]!);
      const day = this.calendar.sessionDays[e.session - 1]! * DAY_MS;
      let close = NaN;
      if (b) {
        const i = lowerBound(b.ts, day);
        if (i < b.ts.length && b.ts[i] === day) close = b.close[i]!;
      }
      out.set(e, close);
    }
    return out;
  }
}

function fieldOf(column: ColumnRef): Field {
  if (column.dataset !== 'EquityPricing' || !(FIELDS as readonly string[]).includes(column.name)) {
    throw new UsageError(`pipeline column ${column.key}: EquityPricing has open, high, low, close and volume`);
  }
  return column.name as Field;
}
