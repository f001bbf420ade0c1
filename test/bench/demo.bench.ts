/** Times the synthetic demo market generator against the floor set by its random draws. */
import { getCalendar } from '../../src/calendar/index.js';
import { generateDemoMarket, type DemoMarket } from '../../src/data/sources/demo-market.js';
import { DemoRandom } from '../../src/data/sources/demo-random.js';
import type { BenchRow } from './types.js';

const RUNS = 5;
/** Normal draws the generator spends per bar (daily and minute bars both need about four). */
const NORMALS_PER_BAR = 4;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function barCount(market: DemoMarket): number {
  return [...market.daily, ...market.minute].reduce((n, c) => n + c.ts.length, 0);
}

/** Median wall time of `RUNS` generations after a warm-up, and bars generated per second. */
export async function run(): Promise<BenchRow[]> {
  const calendar = getCalendar('XNYS');
  const bars = barCount(generateDemoMarket(calendar));
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    generateDemoMarket(calendar, { seed: r + 1 });
    times.push(performance.now() - t0);
  }
  const ms = median(times);

  const floorTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const rng = new DemoRandom(r + 1);
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < bars * NORMALS_PER_BAR; i++) sink += rng.normal();
    floorTimes.push(performance.now() - t0);
    if (sink === Number.POSITIVE_INFINITY) throw new Error('unreachable');
  }
  const floorMs = median(floorTimes);
  const ratio = `${(floorMs / ms).toFixed(2)}× random-draw floor (${NORMALS_PER_BAR} normals/bar)`;
  return [
    { benchmark: 'demo market generation (13 assets, 2000–2024 daily + Q4 2024 minute)', value: ms, unit: 'ms', ratio, target: '< 1,000 ms' },
    { benchmark: `demo market bars generated (${bars.toLocaleString('en-US')} bars)`, value: (bars / ms) * 1000, unit: 'bars/s', ratio },
  ];
}
