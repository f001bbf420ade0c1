import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runIngest } from '../../src/runtime/ingest.js';

/** The session of the contract bundle (a Tuesday on XNYS, opens 09:30 New York = 13:30 UTC). */
export const CONTRACT_SESSION = '2024-10-01';
/** Minutes of bars in the bundle (09:30 … 10:09). */
export const CONTRACT_MINUTES = 40;

/**
 * Bar `k` (k = 0 is 09:30) of the contract assets, chosen so fills are easy to compute by hand:
 * AAA climbs one dollar a minute — open 100 + k, high 100.75 + k, low 99.75 + k, close 100.5 + k;
 * BBB is flat — open = close = 50, high 50.5, low 49.5. Volume 10 000 each.
 */
export function contractBar(symbol: 'AAA' | 'BBB', k: number): { open: number; high: number; low: number; close: number; volume: number } {
  return symbol === 'AAA'
    ? { open: 100 + k, high: 100.75 + k, low: 99.75 + k, close: 100.5 + k, volume: 10_000 }
    : { open: 50, high: 50.5, low: 49.5, close: 50, volume: 10_000 };
}

/** Daily bars of the contract assets: two sessions before the minute session, and that session. */
export const CONTRACT_DAILY: Readonly<Record<'AAA' | 'BBB', readonly string[]>> = {
  AAA: ['2024-09-27,95,97,94,96,300000', '2024-09-30,96,99,95,98.5,350000', '2024-10-01,100,139.75,99.75,139.5,400000'],
  BBB: ['2024-09-27,50,50.5,49.5,50,400000', '2024-09-30,50,50.5,49.5,50,400000', '2024-10-01,50,50.5,49.5,50,400000'],
};

/** Writes the contract bars as a csvdir folder and ingests them (real ingest code) as bundle `contract`. */
export async function ingestContractBundle(dir: string): Promise<{ bundlesDir: string; bundle: string }> {
  const src = path.join(dir, 'csv', 'minute');
  const daily = path.join(dir, 'csv', 'daily');
  mkdirSync(src, { recursive: true });
  mkdirSync(daily, { recursive: true });
  for (const symbol of ['AAA', 'BBB'] as const) {
    const lines = ['date,open,high,low,close,volume'];
    for (let k = 0; k < CONTRACT_MINUTES; k++) {
      const b = contractBar(symbol, k);
      const hh = 9 + Math.floor((30 + k) / 60), mm = (30 + k) % 60;
      lines.push(`${CONTRACT_SESSION} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00,${b.open},${b.high},${b.low},${b.close},${b.volume}`);
    }
    writeFileSync(path.join(src, `${symbol}.csv`), `${lines.join('\n')}\n`);
    writeFileSync(path.join(daily, `${symbol}.csv`), `date,open,high,low,close,volume\n${CONTRACT_DAILY[symbol].join('\n')}\n`);
  }
  const bundlesDir = path.join(dir, 'bundles');
  await runIngest({ bundlesDir, bundle: 'contract', source: 'csvdir', path: path.join(dir, 'csv') });
  return { bundlesDir, bundle: 'contract' };
}
