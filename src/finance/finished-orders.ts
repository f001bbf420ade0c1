import type { NumberedIds } from '../core/ids.js';
import type { Asset } from '../model/asset.js';
import type { Order, OrderStatus, OrderStyle } from '../model/order.js';

const STATUSES: readonly OrderStatus[] = ['pending', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'];
const STATUS_CODE: Readonly<Record<OrderStatus, number>> = {
  pending: 0, open: 1, partially_filled: 2, filled: 3, cancelled: 4, rejected: 5, expired: 6,
};

/** Numbers per row: amount, filled, createdAt, updatedAt, commission. */
const STRIDE = 5;
/** Rows per block: storage grows a block at a time (never copied), its last block part-used. */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const ROW_MASK = BLOCK_ROWS - 1;
/** Flag bits: status in bits 0–2, then these. */
const STOP_REACHED = 1 << 3;
const HAS_LIMIT = 1 << 4;
const HAS_STOP = 1 << 5;
const MARKETABLE_SET = 1 << 6;
const MARKETABLE = 1 << 7;

/** The rows of one block: numbers, flags, id numbers, and the limit and stop prices once a row has one. */
interface Block {
  readonly numbers: Float64Array;
  readonly flags: Uint8Array;
  /** The number of each row's id when `ids` knows it (else 0: the id is kept as text). */
  readonly idNumbers: Float64Array | undefined;
  prices: Float64Array | undefined;
}

/** The rarely set parts of an order: why it finished, a client order id other than its id, the parent of a leg. */
interface Extras {
  readonly reason: string | null;
  readonly clientOrderId: string | undefined;
  readonly parentId: string | undefined;
}

/**
 * Orders that can no longer change much (finished ones), kept in columns instead of one object
 * each: numbers in fixed blocks (limit and stop prices only in blocks that have some), a byte of
 * flags, and references to the id, asset and style the order already had. `order(row)` makes
 * the `Order` again, equal field for field to the one added (numbers bit for bit, `-0`
 * included). Rows are numbered from 0 in the order added. With `numbered`, an id it knows is
 * kept as its number and written again when the order is made.
 */
export class FinishedOrders {
  private readonly blocks: Block[] = [];
  /** Each row's id, when not kept as a number. */
  private readonly ids: (string | undefined)[] = [];
  private readonly assets: Asset[] = [];
  private readonly styles: OrderStyle[] = [];
  /** The rare parts of a row: a reason, a client order id other than the id, a parent. */
  private readonly extras = new Map<number, Extras>();

  constructor(private readonly numbered?: NumberedIds) {}

  /** Number of rows. */
  get length(): number {
    return this.ids.length;
  }

  /** Adds `order` as a new row; returns the row. */
  add(order: Order): number {
    const row = this.ids.length;
    if ((row & ROW_MASK) === 0) {
      this.blocks.push({
        numbers: new Float64Array(BLOCK_ROWS * STRIDE), flags: new Uint8Array(BLOCK_ROWS),
        idNumbers: this.numbered ? new Float64Array(BLOCK_ROWS) : undefined, prices: undefined,
      });
    }
    this.ids.push(undefined);
    this.assets.push(order.asset);
    this.styles.push(order.style);
    this.write(row, order);
    return row;
  }

  /** Replaces row `row` with `order` (the same order, later). */
  set(row: number, order: Order): void {
    this.assets[row] = order.asset;
    this.styles[row] = order.style;
    this.write(row, order);
  }

  /** The filled quantity of row `row`. */
  filled(row: number): number {
    return this.blocks[row >>> BLOCK_BITS]!.numbers[(row & ROW_MASK) * STRIDE + 1]!;
  }

  /** The order of row `row`, as a new object. */
  order(row: number): Order {
    const block = this.blocks[row >>> BLOCK_BITS]!, i = row & ROW_MASK;
    const x = block.numbers, k = i * STRIDE, f = block.flags[i]!, prices = block.prices;
    const extras = this.extras.get(row);
    const id = this.ids[row] ?? this.numbered!.idOf(block.idNumbers![i]!);
    const order: Order = {
      id,
      clientOrderId: extras?.clientOrderId ?? id,
      asset: this.assets[row]!,
      amount: x[k]!,
      filled: x[k + 1]!,
      status: STATUSES[f & 7]!,
      style: this.styles[row]!,
      limitPrice: f & HAS_LIMIT ? prices![2 * i]! : null,
      stopPrice: f & HAS_STOP ? prices![2 * i + 1]! : null,
      stopReached: (f & STOP_REACHED) !== 0,
      createdAt: x[k + 2]!,
      updatedAt: x[k + 3]!,
      commission: x[k + 4]!,
      reason: extras?.reason ?? null,
    };
    if (f & MARKETABLE_SET) (order as { marketable?: boolean }).marketable = (f & MARKETABLE) !== 0;
    if (extras?.parentId !== undefined) (order as { parentId?: string }).parentId = extras.parentId;
    return order;
  }

  private write(row: number, o: Order): void {
    const block = this.blocks[row >>> BLOCK_BITS]!, i = row & ROW_MASK;
    const n = this.numbered ? this.numbered.numberOf(o.id) : -1;
    if (n > 0) {
      block.idNumbers![i] = n;
      this.ids[row] = undefined;
    } else this.ids[row] = o.id;
    const x = block.numbers, k = i * STRIDE;
    x[k] = o.amount;
    x[k + 1] = o.filled;
    x[k + 2] = o.createdAt;
    x[k + 3] = o.updatedAt;
    x[k + 4] = o.commission;
    if (o.limitPrice !== null || o.stopPrice !== null) {
      const prices = (block.prices ??= new Float64Array(2 * BLOCK_ROWS));
      prices[2 * i] = o.limitPrice ?? 0;
      prices[2 * i + 1] = o.stopPrice ?? 0;
    }
    block.flags[i] = STATUS_CODE[o.status]
      | (o.stopReached ? STOP_REACHED : 0)
      | (o.limitPrice === null ? 0 : HAS_LIMIT)
      | (o.stopPrice === null ? 0 : HAS_STOP)
      | (o.marketable === undefined ? 0 : MARKETABLE_SET | (o.marketable ? MARKETABLE : 0));
    if (o.reason !== null || o.clientOrderId !== o.id || o.parentId !== undefined) {
      this.extras.set(row, { reason: o.reason, clientOrderId: o.clientOrderId === o.id ? undefined : o.clientOrderId, parentId: o.parentId });
    } else if (this.extras.size > 0) this.extras.delete(row);
  }
}
