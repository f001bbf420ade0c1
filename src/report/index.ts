/** Reports of a run: terminal tables, result files, the HTML tear sheet, progress. */
export { emitResult, type EmitOptions } from './emit-result.js';
export { writeResult } from './write-result.js';
export { readResult } from './read-result.js';
export { resultFormat, tableFiles, type ResultFormat } from './result-files.js';
export { renderTerminalReport, type TerminalReportOptions } from './terminal-report.js';
export { renderHtmlReport, writeHtmlReport } from './html/tear-sheet.js';
export { createProgressReporter, silentProgress, type ProgressReporter, type ProgressOptions } from './progress.js';
export { reportData, type ReportData } from './report-data.js';
export { reportSummary, type ReportSummary } from './summary-json.js';
export { roundTrips, type RoundTrip } from './round-trips.js';
export { tradingStats, type TradingStats } from './trading-stats.js';
export { monthlyReturns, type YearReturns } from './monthly-returns.js';
export type { SweepReportData, SweepRow, SweepFold, SweepDeflatedSharpe, EquityCurve } from './sweep-data.js';
export { renderSweepTerminal } from './sweep-terminal.js';
export { renderSweepHtml, writeSweepHtml } from './html/sweep-page.js';
export { sweepHeatmap, histogram, rankRows, type SweepHeatmap } from './sweep-views.js';
export { createSweepProgress, type SweepProgress } from './sweep-progress.js';
