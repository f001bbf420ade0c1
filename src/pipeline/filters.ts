/** Built-in filters: StaticAssets (a fixed set) and AllPresent (no missing value in the window). */
import type { Asset } from '../model/asset.js';
import { Filter, type TermInput } from './terms.js';
import { builtin } from './factors.js';

/** True for the given assets on every session. */
export class StaticAssets extends Filter {
  constructor(assets: Iterable<Asset>) {
    const sids = new Set([...assets].map((a) => a.sid));
    super({
      computeRows: ({ out, rows, width, assets: cols }) => {
        for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) out[r * width + c] = sids.has(cols[c]!) ? 1 : 0;
      },
      label: `StaticAssets(${sids.size})`,
    });
  }
}

/** True where the input has no missing (NaN) value in the window. */
export class AllPresent extends Filter {
  constructor(options: { inputs: readonly TermInput[]; windowLength: number; mask?: Filter }) {
    super(builtin('AllPresent', options.inputs, options.windowLength, options, (out, [w]) => {
      out.fill(1);
      for (let r = 0; r < w!.length; r++) {
        const row = w!.row(r);
        for (let c = 0; c < out.length; c++) if (row[c] !== row[c]) out[c] = 0;
      }
    }));
  }
}
