import type { FillPolicy } from '../model/results.js';

/**
 * Whether an order created at `createdAt` may fill on the bar at `dt`: `next-close` and
 * `next-open` need a bar after the one it was placed on; `same-close` may fill on that bar.
 */
export function isEligible(policy: FillPolicy, createdAt: number, dt: number): boolean {
  return policy === 'same-close' ? createdAt <= dt : createdAt < dt;
}

/** Whether the policy fills at the bar's open (`next-open`) rather than its close. */
export const fillsAtOpen = (policy: FillPolicy): boolean => policy === 'next-open';
