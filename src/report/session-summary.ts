import Table from 'cli-table3';
import { isoUtc } from '../core/time.js';
import type { SessionSummary } from '../model/session-summary.js';

const money = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : 'n/a');
/**
 * A share or coin quantity to 12 significant digits: enough for any real quantity (8-decimal
 * crypto amounts included) while hiding the float noise partial fills add (949.2486400000001 →
 * 949.24864). Display only; the stored amounts are untouched.
 */
export const quantity = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x));
const when = (ms: number) => (Number.isFinite(ms) ? isoUtc(ms).replace('.000Z', 'Z') : '—');

/** The session summary as a table. */
export function formatSessionSummary(s: SessionSummary): string {
  const table = new Table({ head: [`${s.mode} session`, s.strategy], style: { head: [], border: [] } });
  const o = s.orders;
  table.push(
    ['broker / account', `${s.broker} · ${s.account}`],
    ['run id / journal', `${s.runId} · ${s.journal}`],
    ['strategy time', `${when(s.from)} → ${when(s.to)} (${s.sessions} session${s.sessions === 1 ? '' : 's'} ended)`],
    ['stopped by', s.stoppedBy],
    ['orders', `${o.placed} placed · ${o.filled} filled · ${o.cancelled} cancelled · ${o.rejected} rejected · ${o.open} open (${s.onExit === 'keep' ? 'kept' : 'cancelled on exit'})`],
    ['fills', String(s.fills)],
    ['positions', s.positions.length === 0 ? 'none' : s.positions.map((p) => `${p.symbol} ${quantity(p.amount)} @ ${money(p.price)}`).join('\n')],
    ['cash / equity', `${money(s.cash)} / ${money(s.equity)}`],
    ['P&L', `${money(s.equity - s.startingCash)} on ${money(s.startingCash)}`],
    ['reconnects / differences', `${s.reconnects} / ${s.differences}`],
    ['minutes with late bars', s.staleBars === 0 ? '0' : `${s.staleBars} (bars arrived after the grace; raise --bar-grace)`],
    ['bars after their minute', s.lateBars === 0 ? '0' : `${s.lateBars} (stored; traded on at the next minute)`],
  );
  return table.toString();
}
