import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { CcxtBroker } from '../../src/adapters/ccxt/ccxt-broker.js';
import { exchangeBrokerageModel } from '../../src/adapters/ccxt/exchange-rules.js';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { Asset } from '../../src/model/asset.js';
import type { OrderStyle } from '../../src/model/order.js';
import { demoCryptoSeries, simFaults, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';

// CcxtBroker's fault handling against `ziplime sim --protocol binance` on the demo crypto market.
// Prices come from the generator (BTC/USDT minute k of 2024-12-25 is index k).
const market = useDemoCryptoMarket('ziplime-ccxt-broker-');
const BTC_BARS = demoCryptoSeries(0).minute;

async function started() {
  const sim = await market.startSim({ models: { slippage: new NoSlippage() } });
  await sim.admin.advance(5); // minutes 0–4 complete
  const assets = new Map((await market.reader.assets()).map((a) => [a.symbol, a] as const));
  const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL, apiKey: sim.env.ZIPLIME_CCXT_API_KEY, secret: sim.env.ZIPLIME_CCXT_SECRET }, {});
  const broker = new CcxtBroker({ exchange: createCcxtExchange(config, { enableRateLimit: false }), resolveAsset: (s) => assets.get(s) });
  await broker.connect();
  const fault = (faults: Record<string, unknown>) => simFaults(sim, faults);
  const raw = createCcxtExchange(config, { enableRateLimit: false });
  return { s: sim, broker, btc: assets.get('BTC/USDT')! as Asset, fault, raw };
}

describe('CcxtBroker faults on the binance simulator', () => {
  it('an order POST whose answer is lost is looked up by its client id, never sent twice', async () => {
    const { s, broker, btc, fault, raw } = await started();
    await fault({ ambiguousPosts: 1 });
    const order = await broker.submitOrder({ asset: btc, amount: 0.01, style: { type: 'market' }, clientOrderId: 'run-1-1' });
    expect([order.clientOrderId, order.amount, order.status]).toEqual(['run-1-1', 0.01, 'open']);
    expect(s.admin.faultStats).toMatchObject({ ambiguousPosts: 1 });
    expect((await raw.fetchOrders('BTC/USDT')).map((o: any) => o.clientOrderId)).toEqual(['run-1-1']); // one order at the exchange
  });

  it('reports each trade once as a fill, through a 503 and a 429 on the reads', async () => {
    const { s, broker, btc, fault } = await started();
    const order = await broker.submitOrder({ asset: btc, amount: 0.02, style: { type: 'market' }, clientOrderId: 'run-2-1' });
    await s.admin.advance(1); // minute 5 completes: filled at its close
    await fault({ serverErrors: { count: 1, status: 503 } });
    await fault({ rateLimit: { count: 1, retryAfterSec: 0 } });
    const events = await broker.sync();
    const fills = events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
    expect(fills.map((f) => [f.orderId, f.amount, f.price])).toEqual([[order.id, 0.02, BTC_BARS.close[5]]]);
    expect(fills[0]!.commission).toBeCloseTo(0.02 * BTC_BARS.close[5]! * 0.001, 8); // Binance's 0.1 % in USDT
    expect(s.admin.faultStats).toMatchObject({ serverErrors: 1, rateLimited: 1 });
    expect(await broker.getOrder(order.id)).toMatchObject({ status: 'filled', filled: 0.02 });
    expect(await broker.sync()).toEqual([]); // the same trade is not reported again
    const [pos] = await broker.getPositions();
    expect([pos!.asset.symbol, pos!.amount, pos!.costBasis]).toEqual(['BTC/USDT', 0.02, BTC_BARS.close[5]]);
  });

  it('maps InsufficientFunds and precision to rejections instead of truncating the amount', async () => {
    const { s, broker, btc, raw } = await started();
    await expect(broker.submitOrder({ asset: btc, amount: -1, style: { type: 'market' }, clientOrderId: 'run-3-1' })).rejects.toThrow(/order rejected: -1 BTC\/USDT: InsufficientFunds/);
    const wrongKeys = new CcxtBroker({ exchange: createCcxtExchange(resolveCcxtConfig({ exchange: 'binance', apiUrl: s.env.BINANCE_API_URL, apiKey: 'test', secret: 'wrong' }, {}), { enableRateLimit: false }), resolveAsset: () => btc });
    await wrongKeys.connect();
    const auth = await wrongKeys.submitOrder({ asset: btc, amount: 0.01, style: { type: 'market' }, clientOrderId: 'run-3-0' }).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(Error);
    expect((auth as Error).message).toMatch(/placing run-3-0 failed: AuthenticationError/); // a stop, not a rejection
    await expect(broker.submitOrder({ asset: btc, amount: 0.123456, style: { type: 'market' }, clientOrderId: 'run-3-2' }))
      .rejects.toThrow('order rejected: 0.123456 BTC/USDT: BTC/USDT trades amounts in its step; 0.123456 would be 0.12345');
    await expect(broker.submitOrder({ asset: btc, amount: 0.0001, style: { type: 'limit', limitPrice: 1000 }, clientOrderId: 'run-3-3' })).rejects.toThrow(/order rejected: .*NOTIONAL/); // 0.1 USDT < 5
    expect(await raw.fetchOrders('BTC/USDT')).toEqual([]);
    expect(new ccxt.InsufficientFunds('x')).toBeInstanceOf(ccxt.ExchangeError); // why the refusal test covers it
  });

  it("the exchange's markets as a brokerage model (paper --venue-rules ccxt) refuse what the exchange would", async () => {
    const { btc, raw } = await started();
    const rules = await exchangeBrokerageModel(raw);
    const check = (amount: number, style: OrderStyle = { type: 'market' }) => rules.check({ asset: btc, amount, style, clientOrderId: 'r' }, { price: 26_000 } as never);
    expect(check(0.01)).toBeNull(); // 260 USDT, on the 0.00001 step
    expect(check(0.123456)).toBe("amount 0.123456 is not a multiple of BTC/USDT's step 0.00001; round it, e.g. to 0.12345");
    expect(check(0.0001)).toBe("notional 0.0001 × 26000 = 2.6 USDT is below BTC/USDT's minimum 5 USDT"); // 0.0001 × 26 000 = 2.6 < 5
    expect(check(0.01, { type: 'limit', limitPrice: 26_000.005 })).toMatch(/^limit price 26000.005 is not a multiple of BTC\/USDT's tick 0.01/);
  });

  it('an exchange unreachable beyond the retries: sync goes on without the fill, then reports it once and tells the reconnect listeners', async () => {
    const { s, broker, btc, fault } = await started();
    const order = await broker.submitOrder({ asset: btc, amount: 0.02, style: { type: 'market' }, clientOrderId: 'run-4-1' });
    await s.admin.advance(1); // minute 5 completes: filled at its close
    let reconnects = 0;
    broker.onReconnect(() => { reconnects++; });
    await fault({ serverErrors: { count: 5, status: 503 } }); // as many as one listing's attempts
    expect(await broker.sync()).toEqual([]);
    expect(s.admin.faultStats).toMatchObject({ serverErrors: 5 });
    expect(reconnects).toBe(0);
    const events = await broker.sync();
    expect(events.flatMap((e) => (e.kind === 'fill' ? [[e.fill.orderId, e.fill.amount, e.fill.price]] : []))).toEqual([[order.id, 0.02, BTC_BARS.close[5]]]);
    expect(reconnects).toBe(1);
    expect(await broker.sync()).toEqual([]);
    expect(reconnects).toBe(1);
  });
});
