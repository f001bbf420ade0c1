import { describe, expect, it } from 'vitest';
import { fillsAtOpen, isEligible } from '../../../src/sim/fill-policy.js';

describe('fill policies', () => {
  it('next-close and next-open need a later bar; same-close fills on the bar that placed the order', () => {
    expect([isEligible('next-close', 5, 5), isEligible('next-close', 5, 6)]).toEqual([false, true]);
    expect([isEligible('next-open', 5, 5), isEligible('next-open', 5, 6)]).toEqual([false, true]);
    expect([isEligible('same-close', 5, 5), isEligible('same-close', 6, 5)]).toEqual([true, false]);
  });

  it('only next-open uses the open', () => {
    expect([fillsAtOpen('next-open'), fillsAtOpen('next-close'), fillsAtOpen('same-close')]).toEqual([true, false, false]);
  });
});
