import { AlpacaFeed } from '../../src/adapters/alpaca/alpaca-feed.js';
import { resolveAlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { OPEN_MS, aaaClose, manualSim, useLiveBundle } from '../integration/live-harness.js';
import { liveFeedContract, simFeedHarness } from './live-feed.contract.js';

const live = useLiveBundle('ziplime-feed-contract-');

/** The close of the live test bundle's bars at `ts` (AAA's wave, BBB flat 50), as it was written. */
const expectedClose = (symbol: string, ts: number) => (symbol === 'AAA' ? aaaClose(390 + (ts - OPEN_MS) / MINUTE_MS) : 50);

liveFeedContract('AlpacaFeed on the simulator', async () => {
  const sim = await manualSim(live.reader);
  await sim.admin.advanceTo(OPEN_MS);
  const config = resolveAlpacaConfig({}, sim.env);
  const feed = new AlpacaFeed({
    config, rest: { rateLimit: false }, now: () => sim.admin.now(),
    stream: { pingIntervalMs: 60_000, pongTimeoutMs: 60_000, handshakeTimeoutMs: 5_000, reconnect: { initialMs: 5, maxMs: 40, jitter: 0.2 } },
  });
  return simFeedHarness(sim, feed, ['AAA', 'BBB'], expectedClose);
});
