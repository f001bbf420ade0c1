import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/time.js';
import { DEMO_CRYPTO_PAIRS, DEMO_CRYPTO_SEED, simulatePair } from '../../src/data/sources/demo-crypto.js';
import { DemoRandom, streamSeed } from '../../src/data/sources/demo-random.js';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-crypto-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);

beforeAll(() => {
  const r = cli('ingest', '--source', 'demo-crypto');
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.remove());

/**
 * The strategy's rule replayed on the generator's daily closes (not on the engine): at each
 * day's close pick the pair with the best positive 20-day return; sell a holding that is not
 * it, buy it when flat; orders fill at the next day's close (next-close).
 */
function expectedFills(startDay: number, endDay: number): [string, string, number][] {
  const closes = DEMO_CRYPTO_PAIRS.map((p, i) => simulatePair(p, new DemoRandom(streamSeed(DEMO_CRYPTO_SEED, i + 1))).daily.close);
  const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * DAY_MS).toISOString().slice(0, 10);
  const out: [string, string, number][] = [];
  let held: number | null = null;
  let pending: { pair: number; side: number } | null = null;
  for (let t = startDay; t <= endDay; t++) {
    if (pending) {
      out.push([day(t), DEMO_CRYPTO_PAIRS[pending.pair]!.symbol, pending.side]);
      held = pending.side > 0 ? pending.pair : null;
      pending = null;
    }
    let best: number | null = null, bestReturn = 0;
    closes.forEach((c, i) => {
      const r = c[t]! / c[t - 20]! - 1;
      if (r > bestReturn) [best, bestReturn] = [i, r];
    });
    if (held !== null && held !== best) pending = { pair: held, side: -1 };
    else if (held === null && best !== null) pending = { pair: best, side: 1 };
  }
  return out;
}

describe('strategies/crypto-momentum.ts on the demo-crypto bundle', () => {
  it('trades BTC/USDT-style symbols on the rule computed by hand, in amounts on the 0.00001 step, paying the 0.1 % taker fee', () => {
    const out = path.join(tmp.dir, 'crypto.json');
    const r = cli('backtest', 'strategies/crypto-momentum.ts', '--bundle', 'demo-crypto', '-s', '2024-03-01', '-e', '2024-06-30', '--benchmark', 'none', '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    const first = (Date.UTC(2024, 2, 1) - Date.UTC(2024, 0, 1)) / DAY_MS, last = (Date.UTC(2024, 5, 30) - Date.UTC(2024, 0, 1)) / DAY_MS;
    const expected = expectedFills(first, last);
    expect(expected.length).toBeGreaterThan(4);
    expect(result.transactions.map((t) => [t.dt, t.symbol, Math.sign(t.amount)])).toEqual(expected);
    for (const t of result.transactions) {
      const steps = Math.abs(t.amount) / 0.00001;
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
      expect(t.commission).toBeCloseTo(Math.abs(t.amount) * t.price * 0.001, 6);
    }
  });
});
