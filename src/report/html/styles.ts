/** The tear sheet's stylesheet (system fonts only: nothing is fetched). */
export const PAGE_CSS = `
:root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f5f6f8; --card: #fff; --pos: #15803d; --neg: #b91c1c; --warn: #b45309; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header { margin-bottom: 20px; }
.eyebrow { color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 24px; font-weight: 650; word-break: break-all; }
h2 { margin: 0; font-size: 15px; font-weight: 600; }
.meta { color: var(--muted); display: flex; flex-wrap: wrap; gap: 6px 16px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #e0e7ff; color: #3730a3; }
.badge.warn { background: #fef3c7; color: var(--warn); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .value { font-size: 22px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
.card-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; margin-bottom: 10px; }
.card-head .note { color: var(--muted); font-size: 12px; }
.card-head .tools { display: flex; align-items: baseline; gap: 16px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.grid2 > .card { margin-bottom: 0; }
.row { margin-bottom: 16px; }
.chart { width: 100%; min-height: 120px; }
.toggle { color: var(--muted); font-size: 13px; user-select: none; cursor: pointer; }
.pos { color: var(--pos); } .neg { color: var(--neg); } .warn { color: var(--warn); }
table.tbl { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
.tbl th, .tbl td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
.tbl th:first-child, .tbl td:first-child { text-align: left; }
.tbl th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.sections { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 8px 24px; align-items: start; }
.sections .tbl td:first-child { color: var(--muted); }
.sections .tbl th { color: var(--ink); border-bottom: 2px solid var(--ink); }
.heatmap { width: auto; min-width: 100%; }
.heatmap td { text-align: center; min-width: 52px; font-size: 12.5px; border: 2px solid #fff; border-radius: 4px; }
.heatmap td.year { text-align: left; font-weight: 600; background: transparent; }
.heatmap td.total { font-weight: 650; }
.heatmap th { text-align: center; }
.scroll { max-height: 460px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.scroll table th { position: sticky; top: 0; background: #f9fafb; }
.empty { color: var(--muted); font-style: italic; padding: 8px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; text-align: center; }
.uplot .u-legend { font-size: 12px; text-align: left; }
.tbl.settings td.setting { text-align: left; white-space: normal; word-break: break-all; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
.warnings { border: 1px solid #fcd34d; background: #fffbeb; color: #92400e; border-radius: 10px; padding: 10px 16px 10px 32px; margin: 12px 0; }
svg.bars { width: 100%; height: auto; font: 10px system-ui, sans-serif; fill: #6b7280; }
.tbl.compare td:first-child { color: var(--muted); }
.banner { border: 1px solid #fca5a5; background: #fef2f2; color: var(--neg); border-radius: 10px; padding: 12px 16px; margin: 12px 0; font-weight: 600; }
`;
