/** A stock split: `ratio` = shares after / shares before (7 for a 7-for-1 split). */
export interface Split {
  readonly sid: number;
  /** First session traded at the new price, `YYYY-MM-DD`. */
  readonly effectiveDate: string;
  readonly ratio: number;
}

/** A cash dividend per share. Dates are `YYYY-MM-DD`; unknown ones are null. */
export interface Dividend {
  readonly sid: number;
  readonly exDate: string;
  readonly declaredDate: string | null;
  readonly recordDate: string | null;
  readonly payDate: string | null;
  readonly amount: number;
}
