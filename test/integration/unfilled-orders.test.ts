import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import type { OrderStyle } from '../../src/model/order.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { defineStrategy } from '../../src/strategy/define.js';
import { limit } from '../../src/strategy/order-styles.js';
import { ingestWorkspace } from '../unit/data/ingest-fixtures.js';

const workspace = ingestWorkspace();

/** Buys `amount` of ABC on the first bar (default commission and slippage: zipline's), with `style`. */
async function buyOnce(lines: string[], amount: number, style?: OrderStyle) {
  const w = workspace();
  await w.ingest({ source: 'csv', path: w.write('ABC.csv', lines), bundle: 'b' });
  const reader = await openBundle(w.bundlesDir, 'b');
  try {
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => { logged.push(JSON.parse(line).msg as string); } });
    let done = false;
    const definition = defineStrategy({
      async handleData(ctx) {
        if (done) return;
        done = true;
        await ctx.order((await ctx.symbol('ABC'))!, amount, style);
      },
    });
    const { result } = await backtestReader({
      reader, strategy: { definition, params: {}, name: 't' }, capital: 100_000, frequency: 'daily', fill: 'next-close', benchmark: 'none', logger,
    });
    return { result, logged };
  } finally {
    await reader.close();
  }
}

describe('orders on data without volume, and orders that never fill', () => {
  it('a file without volume: the order fills in full (no 10 % volume cap), and the report says why', async () => {
    const { result, logged } = await buyOnce(['Date,Open,High,Low,Close', '2024-01-02,10,10,10,10', '2024-01-03,11,11,11,11', '2024-01-04,12,12,12,12'], 500);
    // next-close: filled at the 2024-01-03 close 11 plus 5 basis points = 11.0055, all 500 shares
    expect(result.transactions.map((t) => [t.amount, t.price])).toEqual([[500, 11 * 1.0005]]);
    expect(result.warnings).toEqual(['no volume in the data for ABC: orders on it fill without a volume cap']);
    expect(logged).toContain('no volume in the data for ABC: orders on it fill without a volume cap');
  });

  it('zero volume on every later bar: a warning counts the order that never filled and says why', async () => {
    const { result, logged } = await buyOnce(['Date,Open,High,Low,Close,Volume', '2024-01-02,10,10,10,10,1000', '2024-01-03,11,11,11,11,0', '2024-01-04,12,12,12,12,0'], 10);
    expect(result.transactions).toEqual([]);
    expect(result.warnings).toEqual(['1 of 1 order never filled: 1 zero volume on the fill bars']);
    expect(logged).toContain('1 of 1 order never filled: 1 zero volume on the fill bars');
  });

  it('a limit never reached is named as the reason', async () => {
    const { result } = await buyOnce(['Date,Open,High,Low,Close,Volume', '2024-01-02,10,10,10,10,1000', '2024-01-03,11,11,11,11,1000', '2024-01-04,12,12,12,12,1000'], 10, limit(5));
    expect(result.warnings).toEqual(['1 of 1 order never filled: 1 limit price never reached']);
  });

  it('orders that fill leave no warning', async () => {
    const { result } = await buyOnce(['Date,Open,High,Low,Close,Volume', '2024-01-02,10,10,10,10,1000', '2024-01-03,11,11,11,11,1000'], 10);
    expect(result.transactions).toHaveLength(1);
    expect(result.warnings).toBeUndefined();
  });
});
