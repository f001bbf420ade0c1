import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ingestContractBundle } from '../contract/contract-bundle.js';
import { until } from '../helpers/poll.js';

const tmp = tempDir('ziplime-sim-hard-');
let reader: BundleReader;
let sim: AlpacaSim | undefined;
const AUTH = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };

beforeAll(async () => {
  const { bundlesDir, bundle } = await ingestContractBundle(tmp.dir);
  reader = await openBundle(bundlesDir, bundle);
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function started(options: { latencyMs?: number } = {}): Promise<AlpacaSim> {
  sim = await startAlpacaSim({ reader, speed: 0, ...options });
  await sim.admin.advance(1);
  return sim;
}

async function call(s: AlpacaSim, method: string, path: string, body?: unknown) {
  const res = await fetch(s.baseUrl + path, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Sends raw bytes and returns what the server wrote back before closing (bounded by 2 s). */
async function raw(s: AlpacaSim, request: string): Promise<string> {
  const sock = connect(s.port, '127.0.0.1');
  let out = '';
  sock.on('data', (d) => { out += d.toString('latin1'); });
  sock.write(request);
  await Promise.race([new Promise((resolve) => sock.once('close', resolve)), delay(2000)]);
  sock.destroy();
  return out;
}

async function openSocket(s: AlpacaSim, path: string) {
  const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + path);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(...[JSON.parse(d.toString())].flat()));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const next = async (pred: (m: any) => boolean) => {
    await until(() => frames.some(pred), `a matching frame on ${path}`);
    return frames.find(pred);
  };
  return { ws, frames, next };
}

describe('alpaca-sim hardening', () => {
  it('answers 400 to a request target that is not a URL, on plain and upgrade requests, and keeps serving', async () => {
    const s = await started();
    const upgrade = await raw(s, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    const plain = await raw(s, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 400 /);
    expect(plain).toContain('"code":40010000');
    expect((await call(s, 'GET', '/v2/account')).status).toBe(200);
  });

  it('answers a malformed percent-escape with 400 in Alpaca\'s error shape', async () => {
    const s = await started();
    const r = await call(s, 'GET', '/v2/assets/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 40010000, message: expect.stringContaining('percent-escape') });
  });

  it('refuses an out-of-range qty or price with 422, not 500, and books nothing', async () => {
    const s = await started();
    const huge = await call(s, 'POST', '/v2/orders', { symbol: 'AAA', qty: '1e308', side: 'buy', type: 'market', time_in_force: 'day' });
    expect(huge.status).toBe(422);
    expect(huge.json).toEqual({ code: 40010001, message: expect.stringContaining('invalid qty') });
    const price = await call(s, 'POST', '/v2/orders', { symbol: 'AAA', qty: '1', side: 'buy', type: 'limit', limit_price: 'Infinity', time_in_force: 'day' });
    expect(price.status).toBe(422);
    expect(price.json.message).toContain('limit_price');
    expect((await call(s, 'GET', '/v2/orders?status=all')).json).toEqual([]);
  });

  it('validates /_sim/advance: an amount that would break the clock is 422 and time keeps working', async () => {
    const s = await started();
    const before = s.admin.now();
    for (const body of [{ minutes: 1e308 }, { minutes: 400 * 24 * 60 }, { minutes: -5 }, { to: '+275760-09-13T00:00:00Z' }, {}]) {
      const r = await call(s, 'POST', '/_sim/advance', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.code).toBe(40010001);
    }
    expect(s.admin.now()).toBe(before);
    const r = await call(s, 'POST', '/_sim/advance', { minutes: 2 });
    expect(r.status).toBe(200);
    expect(s.admin.now()).toBe(before + 2 * 60_000);
    expect((await call(s, 'GET', '/v2/clock')).json.timestamp).toBe('2024-10-01T09:33:00.000000000-04:00');
  });

  it('closes a socket that sends a frame over 1 MiB (1009) and keeps serving', async () => {
    const s = await started();
    const c = await openSocket(s, '/v2/iex');
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send(JSON.stringify({ action: 'auth', key: 'test', secret: 'x'.repeat(2 << 20) }));
    expect(await closed).toBe(1009);
    expect((await call(s, 'GET', '/v2/account')).status).toBe(200);
  });

  it('refuses a subscription beyond 5,000 symbols with error 405 and keeps the previous set', async () => {
    const s = await started();
    const c = await openSocket(s, '/v2/iex');
    c.ws.send(JSON.stringify({ action: 'auth', key: 'test', secret: 'test' }));
    await c.next((m) => m.msg === 'authenticated');
    c.ws.send(JSON.stringify({ action: 'subscribe', bars: ['AAA'] }));
    await c.next((m) => m.T === 'subscription');
    const many = Array.from({ length: 50_000 }, (_, i) => `S${i}`);
    c.ws.send(JSON.stringify({ action: 'subscribe', trades: many }));
    expect(await c.next((m) => m.T === 'error')).toEqual({ T: 'error', code: 405, msg: 'symbol limit exceeded' });
    c.ws.send(JSON.stringify({ action: 'subscribe', quotes: ['BBB'] }));
    const acks = () => c.frames.filter((m) => m.T === 'subscription');
    await until(() => acks().length >= 2, 'the second subscription acknowledgement');
    expect(acks()).toHaveLength(2);
    expect(acks()[1]).toMatchObject({ bars: ['AAA'], trades: [], quotes: ['BBB'] });
    c.ws.close();
  });

  it('keeps the configured latency when faults are cleared', async () => {
    const s = await started({ latencyMs: 30 });
    await call(s, 'POST', '/_sim/faults', { latencyMs: 500, serverErrors: { count: 3 } });
    const cleared = await call(s, 'POST', '/_sim/faults', { clear: true });
    expect(cleared.json.faults).toMatchObject({ latencyMs: 30, serverErrors: 0 });
  });
});
