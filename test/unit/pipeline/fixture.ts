/** A small universe for pipeline tests: sessions, assets and an ArraySource built from per-asset series. */
import type { Asset } from '../../../src/model/asset.js';
import { ArraySource, type Adjustment, type Pipeline, type PipelineFrame, runPipeline } from '../../../src/pipeline/index.js';

export const SESSIONS = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11'];

export function asset(sid: number, symbol: string, startDate = '2023-12-01', endDate = '2030-01-01'): Asset {
  return { sid, symbol, name: symbol, exchange: 'TEST', assetClass: 'equity', currency: 'USD', startDate, endDate, autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: false };
}

/** Row-major sessions × assets from one array per asset. */
export function columnOf(perAsset: number[][]): Float64Array {
  const n = perAsset[0]!.length;
  const out = new Float64Array(n * perAsset.length);
  for (let s = 0; s < n; s++) for (let a = 0; a < perAsset.length; a++) out[s * perAsset.length + a] = perAsset[a]![s]!;
  return out;
}

export function source(assets: Asset[], cols: Record<string, number[][]>, adjustments: Record<string, Adjustment[]> = {}, sessions = SESSIONS): ArraySource {
  return new ArraySource(sessions, assets, Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, columnOf(v)])), adjustments);
}

export async function run(pipe: Pipeline, src: ArraySource, start = 0, end = src.sessions.length - 1, chunkSize?: number): Promise<PipelineFrame[]> {
  const out: PipelineFrame[] = [];
  for await (const f of runPipeline(pipe, src, start, end, { chunkSize })) out.push(f);
  return out;
}

/** `column` of the frame of `session` as { symbol: value }. */
export function bySymbol(frames: PipelineFrame[], session: string, column: string): Record<string, number> {
  const f = frames.find((x) => x.session === session);
  if (!f) throw new Error(`no frame for ${session}`);
  return Object.fromEntries(f.assets.map((a, i) => [a.symbol, f.columns[column]![i]!]));
}
