/** Request weight Binance counts per IP and minute before answering 429 (-1003). */
export const WEIGHT_LIMIT_1M = 6000;

/** Weights of the simulated endpoints (Binance's, for the parameters clients send most). */
export function weightOf(method: string, path: string, params: URLSearchParams): number {
  switch (path) {
    case '/api/v3/exchangeInfo': return 20;
    case '/api/v3/klines': return 2;
    case '/api/v3/account': return 20;
    case '/api/v3/myTrades': return 20;
    case '/api/v3/allOrders': return 20;
    case '/api/v3/openOrders': return method === 'GET' && !params.get('symbol') ? 80 : method === 'GET' ? 6 : 1;
    case '/api/v3/order': return method === 'GET' ? 4 : 1;
    case '/api/v3/userDataStream': return 2;
    default: return 1;
  }
}

/** Weight used in the current wall-clock minute (what `X-MBX-USED-WEIGHT-1M` reports). */
export class WeightCounter {
  private minute = -1;
  private used = 0;

  constructor(private readonly wall: () => number = Date.now) {}

  /** Adds `weight`; returns the weight used in this minute so far. */
  add(weight: number): number {
    const m = Math.floor(this.wall() / 60_000);
    if (m !== this.minute) {
      this.minute = m;
      this.used = 0;
    }
    this.used += weight;
    return this.used;
  }

  /** Seconds until the minute ends (the `Retry-After` of a 429). */
  retryAfterSec(): number {
    return Math.max(1, Math.ceil(60 - (this.wall() % 60_000) / 1000));
  }
}
