/**
 * The execution-id de-duplication of every layer that books or passes fills (the ledger, the
 * journaled broker, the journal fold, a venue's trade-update stream): an execution counts once
 * however often it is reported.
 */
export class ExecutionIds {
  private readonly seen: Set<string>;
  /** Executions reported again and ignored. */
  duplicates = 0;

  constructor(known: Iterable<string> = []) {
    this.seen = new Set(known);
  }

  /** True the first time `id` is offered (it is then known); false, counted as a duplicate, afterwards. */
  first(id: string): boolean {
    if (this.seen.has(id)) {
      this.duplicates++;
      return false;
    }
    this.seen.add(id);
    return true;
  }

  /** True when `id` is known. */
  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Marks executions as known without counting them (adopted by reconciliation). */
  add(ids: Iterable<string>): void {
    for (const id of ids) this.seen.add(id);
  }
}

/** Executions of one order: total shares and notional (both unsigned). */
export interface OrderExecutions {
  readonly qty: number;
  readonly notional: number;
}

/** The id of a fill known only from a cumulative quantity (reconciliation, or a fill without id). */
export function cumulativeExecutionId(orderId: string, cumulativeQty: number): string {
  return `${orderId}:cum:${Math.abs(cumulativeQty)}`;
}

/**
 * Fills accumulated per execution id: each id counts once, however often it is reported.
 * Quantities are never derived by differencing an order's cumulative `filled_qty`.
 */
export class ExecutionTracker {
  private readonly ids = new ExecutionIds();
  private readonly byOrder = new Map<string, { qty: number; notional: number }>();

  /** Executions reported again and ignored. */
  get duplicates(): number {
    return this.ids.duplicates;
  }

  /**
   * Records an execution; false (and nothing changes) when its id was seen before, or when
   * `cumulativeQty` (the order's filled quantity including this execution) shows it is already
   * counted — by a fill synthesized during reconciliation.
   */
  record(orderId: string, executionId: string, qty: number, price: number, cumulativeQty?: number): boolean {
    const o = this.byOrder.get(orderId) ?? { qty: 0, notional: 0 };
    const covered = cumulativeQty !== undefined && o.qty + Math.abs(qty) > Math.abs(cumulativeQty) + 1e-9;
    if (covered) {
      this.ids.add([executionId]);
      this.ids.duplicates++;
      return false;
    }
    if (!this.ids.first(executionId)) return false;
    o.qty += Math.abs(qty);
    o.notional += Math.abs(qty) * price;
    this.byOrder.set(orderId, o);
    return true;
  }

  /** What was recorded for an order (zeros when nothing). */
  of(orderId: string): OrderExecutions {
    return this.byOrder.get(orderId) ?? { qty: 0, notional: 0 };
  }
}
