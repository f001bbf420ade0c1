import { ZiplimeError } from '../core/errors.js';

/** An order id the broker has never seen. */
export class UnknownOrderError extends ZiplimeError {
  readonly orderId: string;
  constructor(orderId: string, broker: string) {
    super(`no order with id '${orderId}' at broker '${broker}'; use an id returned by order() or getOpenOrders()`);
    this.orderId = orderId;
  }
}
