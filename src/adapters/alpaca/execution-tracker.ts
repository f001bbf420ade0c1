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
  private readonly seen = new Set<string>();
  private readonly byOrder = new Map<string, { qty: number; notional: number }>();
  /** Executions reported again and ignored. */
  duplicates = 0;

  /**
   * Records an execution; false (and nothing changes) when its id was seen before, or when
   * `cumulativeQty` (the order's filled quantity including this execution) shows it is already
   * counted — by a fill synthesized during reconciliation.
   */
  record(orderId: string, executionId: string, qty: number, price: number, cumulativeQty?: number): boolean {
    const o = this.byOrder.get(orderId) ?? { qty: 0, notional: 0 };
    const covered = cumulativeQty !== undefined && o.qty + Math.abs(qty) > Math.abs(cumulativeQty) + 1e-9;
    if (this.seen.has(executionId) || covered) {
      this.seen.add(executionId);
      this.duplicates++;
      return false;
    }
    this.seen.add(executionId);
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
