import type { BundleReader } from '../ports/bundle-reader.js';

/**
 * The reader with its queries run one at a time: concurrent REST requests and the replay's
 * chunk loads share one bundle connection, which streams one result at a time.
 */
export function serialReader(reader: BundleReader): BundleReader {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    meta: reader.meta,
    assets: () => serial(() => reader.assets()),
    lookupSymbol: (symbol) => serial(() => reader.lookupSymbol(symbol)),
    dataSessions: () => serial(() => reader.dataSessions()),
    dailyBars: (sids, startDay, endDay) => serial(() => reader.dailyBars(sids, startDay, endDay)),
    minuteBars: (sids, startMs, endMs) => serial(() => reader.minuteBars(sids, startMs, endMs)),
    range: (frequency) => serial(() => reader.range(frequency)),
    splits: (sids) => serial(() => reader.splits(sids)),
    dividends: (sids) => serial(() => reader.dividends(sids)),
    close: () => serial(() => reader.close()),
  };
}
