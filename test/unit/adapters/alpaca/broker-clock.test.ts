import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../../../src/adapters/alpaca/alpaca-broker.js';
import { BrokerClock } from '../../../../src/net/broker-clock.js';
import { createAlpacaRest } from '../../../../src/adapters/alpaca/client.js';
import { AlpacaPayloadError } from '../../../../src/adapters/alpaca/errors.js';
import { clockFromWire } from '../../../../src/adapters/alpaca/parse.js';
import { json, startLoopback, type Loopback } from './loopback.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Alpaca's /v2/clock shape: ET offsets and nanoseconds. */
const CLOCK = {
  timestamp: '2024-10-01T09:31:00.250000000-04:00', is_open: true,
  next_open: '2024-10-02T09:30:00-04:00', next_close: '2024-10-01T16:00:00-04:00',
};
/** 09:31:00.250 New York (EDT, UTC−4) = 13:31:00.250 UTC. */
const BROKER_NOW = Date.parse('2024-10-01T13:31:00.250Z');

/** A local clock answering the given instants in turn (the last one from then on). */
function localTimes(...ms: number[]): () => number {
  let i = 0;
  return () => ms[Math.min(i++, ms.length - 1)]!;
}

describe('clockFromWire', () => {
  it('converts the ET-offset RFC 3339 times to epoch ms', () => {
    expect(clockFromWire(CLOCK)).toEqual({
      timestamp: BROKER_NOW, isOpen: true,
      nextOpen: Date.parse('2024-10-02T13:30:00Z'), nextClose: Date.parse('2024-10-01T20:00:00Z'),
    });
  });

  it('rejects an unreadable timestamp as a payload error naming the field', () => {
    expect(() => clockFromWire({ ...CLOCK, next_close: 'soon' })).toThrow(AlpacaPayloadError);
    expect(() => clockFromWire({ ...CLOCK, next_close: 'soon' })).toThrow(/next_close 'soon'/);
  });
});

/** Alpaca's clock endpoint as the reading `BrokerClock` takes. */
const alpacaClock = (trading: { getClock(): Promise<Parameters<typeof clockFromWire>[0]> }) => async () => clockFromWire(await trading.getClock());

describe('BrokerClock over GET /v2/clock', () => {
  it('measures the offset at the midpoint of the request and estimates broker time from it', async () => {
    server = await startLoopback({ rest: (req, res) => json(res, req.path === '/v2/clock' ? 200 : 404, CLOCK) });
    const { trading } = createAlpacaRest(server.config, { rateLimit: false });
    expect(new BrokerClock(alpacaClock(trading), () => 777).now()).toBe(777); // before any reading: the local clock

    // Sent at local 1 000, answered at local 1 400: the broker's instant is taken as local 1 200.
    const c = new BrokerClock(alpacaClock(trading), localTimes(1_000, 1_400, 5_200));
    expect((await c.read()).timestamp).toBe(BROKER_NOW);
    expect(c.offsetMs).toBe(BROKER_NOW - 1_200);
    // 4 000 ms of local time after the midpoint, the estimate moved on by as much.
    expect(c.now()).toBe(BROKER_NOW + 4_000);
    expect(server.requests.map((r) => r.path)).toEqual(['/v2/clock']);
  });

  it('refresh() keeps the previous offset when the clock cannot be read', async () => {
    let up = true;
    server = await startLoopback({ rest: (_req, res) => (up ? json(res, 200, CLOCK) : json(res, 404, { code: 40410000, message: 'not found' })) });
    const { trading } = createAlpacaRest(server.config, { rateLimit: false });
    const c = new BrokerClock(alpacaClock(trading), localTimes(0, 0));
    expect((await c.refresh())?.timestamp).toBe(BROKER_NOW);
    up = false;
    expect(await c.refresh()).toBeUndefined();
    expect(c.offsetMs).toBe(BROKER_NOW);
    await expect(c.read()).rejects.toThrow(/HTTP 404/);
  });
});

describe('AlpacaBroker.brokerNow', () => {
  it('follows the time source it is given (one estimate per process), without reading the clock', async () => {
    server = await startLoopback({ rest: (_req, res) => json(res, 200, CLOCK) });
    const broker = new AlpacaBroker({ config: server.config, rest: { rateLimit: false }, time: { now: () => 123_456 } });
    expect(broker.brokerNow()).toBe(123_456);
    expect(server.requests).toEqual([]);
  });
});
