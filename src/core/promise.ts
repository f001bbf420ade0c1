/** True when `x` is a promise or another object with a `then` method (what `await` would wait for). */
export const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
