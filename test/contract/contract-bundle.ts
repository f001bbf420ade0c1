import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { resolveAlpacaConfig, type AlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { Asset } from '../../src/model/asset.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from '../helpers/temp-dir.js';

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

/** The contract bundle of one test file, ready once its `beforeAll` has run. */
export interface ContractBundle {
  readonly bundlesDir: string;
  /** The `contract` bundle, open. */
  readonly reader: BundleReader;
  /** Its assets by symbol. */
  readonly assets: ReadonlyMap<string, Asset>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that ingest the contract bundle into a fresh temporary
 * folder named `prefix…` and open it; afterwards the bundle is closed and the folder removed.
 */
export function useContractBundle(prefix: string): ContractBundle {
  const tmp = tempDir(prefix);
  let bundlesDir = '';
  let reader: BundleReader | undefined;
  let assets = new Map<string, Asset>();
  beforeAll(async () => {
    let bundle: string;
    ({ bundlesDir, bundle } = await ingestContractBundle(tmp.dir));
    reader = await openBundle(bundlesDir, bundle);
    assets = new Map((await reader.assets()).map((a) => [a.symbol, a]));
  });
  afterAll(async () => {
    await reader?.close();
    tmp.remove();
  });
  return {
    get bundlesDir() { return bundlesDir; },
    get reader() { return reader!; },
    get assets() { return assets; },
  };
}

/** The contract bundle plus a fresh simulator for each test. */
export interface ContractSim extends ContractBundle {
  /** This test's simulator: manual time, no slippage, one minute past the open (bar 0 complete). */
  readonly sim: AlpacaSim;
  /** Client configuration pointing at `sim` with test credentials. */
  readonly config: AlpacaConfig;
  /** Runs `close` after this test, before the simulator stops. */
  closeAfterTest(close: () => Promise<void>): void;
}

/**
 * `useContractBundle(prefix)` plus `beforeEach`/`afterEach` hooks that start a simulator on the
 * bundle for every test and, after it, run the test's closers and stop the simulator.
 */
export function useContractSim(prefix: string): ContractSim {
  const bundle = useContractBundle(prefix);
  const closers: (() => Promise<void>)[] = [];
  let sim: AlpacaSim | undefined;
  let config: AlpacaConfig | undefined;
  beforeEach(async () => {
    sim = await startAlpacaSim({ reader: bundle.reader, speed: 0, models: { slippage: new NoSlippage() } });
    await sim.admin.advance(1);
    config = resolveAlpacaConfig({ keyId: 'test', secretKey: 'test', baseUrl: sim.baseUrl, dataUrl: sim.dataUrl }, {});
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await sim!.close();
  });
  return {
    get bundlesDir() { return bundle.bundlesDir; },
    get reader() { return bundle.reader; },
    get assets() { return bundle.assets; },
    get sim() { return sim!; },
    get config() { return config!; },
    closeAfterTest: (close) => { closers.push(close); },
  };
}
