import { z } from 'zod';

/** One historical bar (`t` = the bar's opening time, UTC; prices are numbers here). */
export const BarWire = z.object({
  t: z.string(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().nullish(),
  vw: z.number().nullish(),
});
export type BarWire = z.infer<typeof BarWire>;

/** GET /v2/stocks/bars and /v1beta3/crypto/us/bars: bars per symbol plus the paging token. */
export const MultiBarsResponseWire = z.object({
  bars: z.record(z.string(), z.array(BarWire)).nullable(),
  next_page_token: z.string().nullish(),
});
export type MultiBarsResponseWire = z.infer<typeof MultiBarsResponseWire>;

/** Bar adjustments the data API applies. */
export type Adjustment = 'raw' | 'split' | 'dividend' | 'all';
