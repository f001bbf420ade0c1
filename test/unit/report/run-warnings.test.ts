import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/report/html/tear-sheet.js';
import { renderTerminalReport } from '../../../src/report/terminal-report.js';
import { sampleResult } from '../../helpers/sample-result.js';

describe('a run\'s warnings are shown in the reports', () => {
  const warnings = ['1 of 2 orders never filled: 1 zero volume on the fill bars', 'no volume in the data for ABC: orders on it fill without a volume cap'];

  it('terminal report', () => {
    const text = renderTerminalReport({ ...sampleResult(), warnings }, { color: false, chart: false });
    for (const w of warnings) expect(text).toContain(`(!) ${w}`);
    expect(renderTerminalReport(sampleResult(), { color: false, chart: false })).not.toContain('never filled');
  });

  it('HTML tear sheet', () => {
    const html = renderHtmlReport({ ...sampleResult(), warnings });
    expect(html).toContain('<ul class="warnings" id="run-warnings"><li>1 of 2 orders never filled: 1 zero volume on the fill bars</li>');
    expect(renderHtmlReport(sampleResult())).not.toContain('id="run-warnings"');
  });
});
