/** A random UUID v4 (execution ids, run ids); the crypto module loads on the first call, not with this file. */
export const uuid = (): string => globalThis.crypto.randomUUID();

/** Ids that are numbers underneath: kept as the number, written as the id only when needed. */
export interface NumberedIds {
  /** The number of `id` (a positive integer), or −1 when `id` is not one of these ids. */
  numberOf(id: string): number;
  /** The id numbered `n` (a number `numberOf` gave). */
  idOf(n: number): string;
}

/** A deterministic sequence of ids `<prefix>-<n>` (orders in a run: same input, same ids). */
export class IdSequence implements NumberedIds {
  private next = 1;
  private readonly head: string;
  constructor(prefix: string) {
    this.head = `${prefix}-`;
  }

  /** The id `take` answered last (undefined before the first). */
  last: string | undefined = undefined;

  /** The next id in the sequence. */
  take(): string {
    return (this.last = this.idOf(this.next++));
  }

  /** Number of ids taken (the number of the last one). */
  get size(): number {
    return this.next - 1;
  }

  idOf(n: number): string {
    return this.head + n;
  }

  /** `n` of an id this sequence has made (`<prefix>-<n>`, `n` without leading zeros), or −1. */
  numberOf(id: string): number {
    if (id === this.last) return this.next - 1;
    const head = this.head, len = id.length;
    if (len <= head.length || len > head.length + 15 || !id.startsWith(head)) return -1;
    let n = 0;
    for (let i = head.length; i < len; i++) {
      const c = id.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || (c === 0 && i === head.length)) return -1;
      n = n * 10 + c;
    }
    return n < this.next ? n : -1;
  }
}
