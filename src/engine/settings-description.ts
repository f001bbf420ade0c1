/**
 * How a run's settings are written into its result: an execution model as
 * `name(options)` (its own fields as JSON), a control as the call that set it.
 */

/** JSON of a setting's arguments; assets appear as their symbols, sets and iterables as arrays. */
function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.symbol === 'string' && typeof o.sid === 'number') return o.symbol;
      if (!Array.isArray(v) && Symbol.iterator in o) return Array.from(v as Iterable<unknown>);
    }
    return v;
  });
}

/** `perShare({"cost":0.001,"minTradeCost":0})`: a model's name and its own option fields. */
export function describeModel(model: { readonly name: string } | undefined): string | null {
  if (!model) return null;
  const options = Object.fromEntries(Object.entries(model).filter(([k, v]) => k !== 'name' && typeof v !== 'function'));
  return `${model.name}(${Object.keys(options).length > 0 ? json(options) : ''})`;
}

/** `setMaxLeverage(1.5, {"onError":"log"})`: a setter call as the strategy made it. */
export function describeCall(method: string, args: readonly unknown[]): string {
  return `${method}(${args.filter((a) => a !== undefined).map(json).join(', ')})`;
}
