import { describe, expect, it } from 'vitest';
import { EndOfDayCancel, NeverCancel } from '../../../src/finance/cancel-policy.js';

describe('cancel policies', () => {
  it('never cancels', () => {
    const p = new NeverCancel();
    expect([p.shouldCancel('bar'), p.shouldCancel('session-end')]).toEqual([false, false]);
  });

  it('eod cancels at the session end only', () => {
    const p = new EndOfDayCancel();
    expect([p.shouldCancel('bar'), p.shouldCancel('session-end')]).toEqual([false, true]);
  });
});
