import { describe, expect, it } from 'vitest';
import { renderTerminalReport } from '../../../src/report/terminal-report.js';
import { colorEnabled, visibleLength } from '../../../src/report/terminal-style.js';
import { craftedRun, sampleResult } from '../../helpers/sample-result.js';

/** The value cell of the row labelled `label` (first match). */
const valueOf = (text: string, label: string): string | undefined =>
  text.split('\n').map((l) => new RegExp(`│ ${label.replace(/[()]/g, '\\$&')} +│ +([^│]+?) │`).exec(l)).find(Boolean)?.[1];

describe('renderTerminalReport', () => {
  const text = renderTerminalReport(craftedRun(), { color: false, width: 80, monthly: true, chart: false });

  it('keeps its layout (80 columns, colour off)', () => {
    expect(text).toMatchSnapshot();
  });

  it('fits every line in 80 columns and writes no colour codes', () => {
    for (const line of text.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('shows the hand-computed figures', () => {
    expect(valueOf(text, 'Total return')).toBe('10.00%'); // 11 000 / 10 000 − 1
    expect(valueOf(text, 'Max drawdown')).toBe('-10.00%'); // 9 900 / 11 000 − 1
    expect(valueOf(text, 'Drawdown peak')).toBe('2024-01-02');
    expect(valueOf(text, 'Recovered')).toBe('2024-01-05');
    expect(valueOf(text, 'Longest drawdown')).toBe('2 sessions');
    expect(valueOf(text, 'Win rate')).toBe('50.0%'); // one of two round trips won
    expect(valueOf(text, 'Profit factor')).toBe('3.27'); // 98 / 30
    expect(valueOf(text, 'Avg holding period')).toBe('2 sessions'); // Tue→Fri is 3 sessions, Fri→Mon is 1
    expect(valueOf(text, 'Commissions')).toBe('2.00');
    expect(valueOf(text, 'Time in market')).toBe('80.0%'); // 4 of 5 sessions
    expect(valueOf(text, 'Fill policy')).toBe('same-close (!)');
  });

  it('flags same-close as optimistic and prints monthly returns', () => {
    expect(text).toMatch(/same-close fills an order on the bar that placed it: results are optimistic/);
    // January 2024 compounds to 11 000 / 10 000 − 1 = 10.0 %
    expect(text).toMatch(/^2024 +10\.0 .* 10\.0$/m);
  });

  it('puts two tables side by side at 80 columns and stacks them when narrower', () => {
    const wide = text.split('\n').filter((l) => /Returns.*Risk/.test(l));
    expect(wide).toHaveLength(1);
    const narrow = renderTerminalReport(craftedRun(), { color: false, width: 60, chart: false });
    expect(narrow.split('\n').filter((l) => /Returns.*Risk/.test(l))).toHaveLength(0);
    for (const line of narrow.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(60);
  });

  it('colours gains and losses when asked, and draws the chart within the width', () => {
    const coloured = renderTerminalReport(craftedRun(), { color: true, chart: true });
    expect(coloured).toContain('\x1b[32m10.00%\x1b[39m');
    expect(coloured).toContain('\x1b[31m-10.00%\x1b[39m');
    for (const line of coloured.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(80);
    expect(coloured).toMatch(/Portfolio value/);
  });

  it('a short run shows n/a for annualised figures and says why; one session is singular; no -0.00%', () => {
    // two sessions: 10 000 → 10 100 → 10 099.99 (a loss of 0.0001 %, which rounds to zero)
    const short = renderTerminalReport(sampleResult({ values: [10_100, 10_099.99] }), { color: false, chart: false });
    for (const label of ['Annual return', 'Alpha', 'Beta', 'Annual volatility', 'Sharpe ratio', 'Sortino ratio', 'Calmar ratio', 'Turnover (annual)']) {
      expect(valueOf(short, label), label).toBe('n/a');
    }
    expect(short).toMatch(/n\/a: annualised figures need at least 20 sessions; this run has 2 sessions/);
    expect(short).not.toMatch(/-0\.0+%/);
    const one = renderTerminalReport(sampleResult({ values: [10_000] }), { color: false, chart: false });
    expect(one).toMatch(/this run has 1 session$/m);
    // a long enough run shows the figures
    const long = renderTerminalReport(sampleResult({ values: Array.from({ length: 25 }, (_, i) => 10_000 + 10 * i * (i % 3)) }), { color: false, chart: false });
    expect(valueOf(long, 'Sharpe ratio')).not.toBe('n/a');
    expect(long).not.toMatch(/annualised figures need/);
  });

  it('does not flag the default fill policy', () => {
    expect(renderTerminalReport(sampleResult(), { color: false, chart: false })).not.toMatch(/optimistic/);
  });
});

describe('colorEnabled', () => {
  it('colours only a terminal without NO_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
  });
});
