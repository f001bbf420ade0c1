/** What a paper or live session did, for the table printed at its end. */
export interface SessionSummary {
  readonly mode: 'paper' | 'live';
  readonly strategy: string;
  /** Broker name and where it trades (host, account). */
  readonly broker: string;
  readonly account: string;
  readonly runId: string;
  readonly journal: string;
  /** Why it stopped: `SIGTERM`, `SIGINT`, `clock ended`, or an error message. */
  readonly stoppedBy: string;
  /** Strategy time of the first and last event (epoch ms; NaN when none). */
  readonly from: number;
  readonly to: number;
  readonly sessions: number;
  readonly orders: { placed: number; filled: number; cancelled: number; rejected: number; open: number };
  readonly onExit: 'cancel' | 'keep';
  readonly fills: number;
  readonly positions: readonly { symbol: string; amount: number; price: number }[];
  readonly startingCash: number;
  readonly cash: number;
  readonly equity: number;
  readonly reconnects: number;
  /** Minutes handed to the strategy before every followed asset's bar had arrived (those assets were stale then). */
  readonly staleBars: number;
  /** Minute bars that arrived after their minute was handed out (traded on at the next minute). */
  readonly lateBars: number;
  /** Differences reconciliation found (start, reconnects, shutdown). */
  readonly differences: number;
}
