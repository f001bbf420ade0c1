import type { RunResult } from '../model/results.js';

/** One labelled setting of a run. */
export interface SettingRow {
  label: string;
  value: string;
}

/**
 * What a run was made with, for the reports: strategy file and hash, params, bundle and version,
 * calendar, frequency, fill policy, capital, models, controls, benchmark and ziplime's version.
 * Empty for a result written before settings were recorded.
 */
export function settingRows(result: RunResult): SettingRow[] {
  const s = result.settings;
  if (!s) return [];
  return [
    { label: 'Strategy', value: s.strategyFile ?? result.strategy },
    { label: 'Strategy sha256', value: s.strategyHash ?? 'n/a' },
    { label: 'Params', value: JSON.stringify(s.params) },
    { label: 'Bundle', value: `${result.bundle}${s.bundleVersion ? ` @ ${s.bundleVersion}` : ''}` },
    { label: 'Calendar', value: s.calendar },
    { label: 'Period', value: `${result.start} → ${result.end}, ${result.frequency}` },
    { label: 'Capital', value: String(result.capital) },
    { label: 'Fill policy', value: result.fill },
    { label: 'Commission', value: s.commission ?? 'n/a' },
    { label: 'Slippage', value: s.slippage ?? 'n/a' },
    { label: 'Cancel policy', value: s.cancelPolicy ?? 'n/a' },
    { label: 'Controls', value: s.controls.length > 0 ? s.controls.join(', ') : 'none' },
    { label: 'Benchmark', value: s.benchmark ?? 'none' },
    { label: 'ziplime', value: s.ziplimeVersion },
  ];
}

/** The settings as `label  value` lines, values wrapped to `width` columns (the hash shortened; files keep it whole). */
export function settingLines(result: RunResult, width: number): string[] {
  const rows = settingRows(result).map((r) => (r.label === 'Strategy sha256' && r.value.length > 16 ? { ...r, value: `${r.value.slice(0, 16)}…` } : r));
  if (rows.length === 0) return [];
  const pad = Math.max(...rows.map((r) => r.label.length)) + 2;
  const room = Math.max(20, width - pad);
  const out: string[] = [];
  for (const r of rows) {
    for (let i = 0; i < Math.max(1, r.value.length); i += room) {
      out.push(`${i === 0 ? r.label.padEnd(pad) : ' '.repeat(pad)}${r.value.slice(i, i + room)}`);
    }
  }
  return out;
}
