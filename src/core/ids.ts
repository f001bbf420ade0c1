import { randomUUID } from 'node:crypto';

/** A random UUID v4 (execution ids, run ids). */
export const uuid = (): string => randomUUID();

/** A deterministic sequence of ids `<prefix>-<n>` (orders in a run: same input, same ids). */
export class IdSequence {
  private next = 1;
  constructor(private readonly prefix: string) {}
  /** The next id in the sequence. */
  take(): string {
    return `${this.prefix}-${this.next++}`;
  }
}
