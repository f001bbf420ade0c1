import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ShutdownController } from '../../../src/live/shutdown.js';
import { until } from '../../helpers/poll.js';

const silent = pino({ level: 'silent' });

describe('ShutdownController', () => {
  it('the first request stops the clock; a second one forces the exit after a last flush', () => {
    const calls: string[] = [];
    const c = new ShutdownController({ logger: silent, stop: () => calls.push('stop'), onForce: () => calls.push('flush'), exit: (code) => calls.push(`exit ${code}`) });
    c.request('SIGTERM');
    expect(c.reason).toBe('SIGTERM');
    expect(calls).toEqual(['stop']);
    c.request('SIGINT');
    expect(calls).toEqual(['stop', 'flush', 'exit 1']);
    c.dispose();
  });

  it('a wind-down that takes too long is forced', async () => {
    const calls: string[] = [];
    const c = new ShutdownController({ logger: silent, stop: () => {}, forceAfterMs: 1, exit: (code) => calls.push(`exit ${code}`) });
    c.request('SIGTERM');
    await until(() => calls.length > 0, 'the forced exit', 2_000);
    expect(calls).toEqual(['exit 1']);
  });

  it('installs and removes its signal handlers', () => {
    const before = process.listenerCount('SIGTERM');
    const c = new ShutdownController({ logger: silent, stop: () => {} }).install();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    c.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('a stop requested before the session exists stops it as soon as it registers', () => {
    const calls: string[] = [];
    const c = new ShutdownController({ exit: (code) => calls.push(`exit ${code}`) });
    c.request('SIGTERM');
    const remove = c.onStop(() => calls.push('clock stopped'), () => calls.push('journal flushed'));
    expect(calls).toEqual(['clock stopped']);
    expect(c.reason).toBe('SIGTERM');
    remove();
    c.request('SIGTERM'); // second signal: forced, with no session left to flush
    expect(calls).toEqual(['clock stopped', 'exit 1']);
    c.dispose();
  });
});

