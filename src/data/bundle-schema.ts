/** Version of the bundle layout below; stored in `meta.schema_version`. */
export const SCHEMA_VERSION = 1;

/** The bars tables (also recreated by an ingest that has to sort them). */
export const BARS_DDL = {
  daily_bars: 'CREATE TABLE daily_bars (sid INTEGER NOT NULL, day DATE NOT NULL, open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE);',
  minute_bars: 'CREATE TABLE minute_bars (sid INTEGER NOT NULL, ts TIMESTAMPTZ NOT NULL, open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE);',
} as const;

/** Tables of a bundle file, exactly as DESIGN.md §4 (bars are raw, unadjusted). */
export const BUNDLE_DDL = `
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE assets (
  sid INTEGER PRIMARY KEY, symbol VARCHAR NOT NULL, name VARCHAR, exchange VARCHAR, asset_class VARCHAR,
  currency VARCHAR, start_date DATE, end_date DATE, auto_close_date DATE, tick_size DOUBLE,
  multiplier DOUBLE, fractionable BOOLEAN);
${BARS_DDL.daily_bars}
${BARS_DDL.minute_bars}
CREATE TABLE splits (sid INTEGER NOT NULL, effective_date DATE NOT NULL, ratio DOUBLE NOT NULL);
CREATE TABLE dividends (sid INTEGER NOT NULL, ex_date DATE NOT NULL, declared_date DATE, record_date DATE, pay_date DATE, amount DOUBLE NOT NULL);
`;

/**
 * Keys of the `meta` table. Ours beyond §4: `tz` (zone of naive timestamps and of `data`
 * sessions), `volume_unknown` (comma-separated sids whose volume is absent or 0 on every bar:
 * runs apply no volume cap to them), `bar_size` (`daily=1w,minute=5m`: the bar size found per
 * frequency; daily runs annualise with it).
 */
export type MetaKey = 'name' | 'source' | 'calendar' | 'frequencies' | 'created_at' | 'schema_version' | 'benchmark' | 'tz'
  | 'volume_unknown' | 'bar_size';
