import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, silentProgress } from '../../../src/report/progress.js';

/** A stream that claims to be an 80-column terminal and keeps what is written. */
function fakeTerminal(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return Object.assign(stream, { isTTY, columns: 80, text: () => chunks.join(''), cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
}

describe('createProgressReporter', () => {
  it('is silent when not on a terminal or in CI', () => {
    expect(createProgressReporter({ stream: fakeTerminal(false), env: {} })).toBe(silentProgress);
    expect(createProgressReporter({ stream: fakeTerminal(true), env: { CI: 'true' } })).toBe(silentProgress);
  });

  it('shows nothing for a run shorter than the delay', () => {
    const stream = fakeTerminal(true);
    let t = 0;
    const p = createProgressReporter({ stream, env: {}, now: () => t });
    p.start(100);
    t = 500;
    p.update(50, '2024-03-01', 50);
    p.stop();
    expect(stream.text()).toBe('');
  });

  it('shows sessions, the simulated date and bars per second once the run is long', () => {
    const stream = fakeTerminal(true);
    let t = 0;
    const p = createProgressReporter({ stream, env: {}, now: () => t, delayMs: 1000 });
    p.start(200);
    t = 2000;
    p.update(40, '2024-03-01', 4000); // 4000 bars in 2 s = 2,000 bars/s
    p.stop();
    expect(stream.text()).toMatch(/40\/200 sessions \| 2024-03-01 \| 2,000 bars\/s/);
  });
});
