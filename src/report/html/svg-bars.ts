import { escapeHtml } from './assets.js';

/** One bar: its label under the axis, its value (NaN leaves a gap) and its tooltip. */
export interface Bar {
  label: string;
  value: number;
  title: string;
}

const W = 520, H = 200, PAD_L = 44, PAD_B = 28, PAD_T = 10;

/**
 * A bar chart as inline SVG (no script needed): bars from zero, green above and red below (or
 * `color` for all), a zero line, the extremes labelled on the y axis, at most ~12 x labels.
 */
export function svgBars(id: string, bars: readonly Bar[], options: { format: (x: number) => string; color?: string }): string {
  if (bars.length === 0) return '<p class="empty">Not enough data.</p>';
  const values = bars.map((b) => b.value).filter(Number.isFinite);
  const max = Math.max(0, ...values), min = Math.min(0, ...values);
  const span = max - min || 1;
  const plotW = W - PAD_L, plotH = H - PAD_B - PAD_T;
  const y = (v: number) => PAD_T + ((max - v) / span) * plotH;
  const step = plotW / bars.length, bw = Math.max(1, step * 0.8);
  const every = Math.max(1, Math.ceil(bars.length / 12));
  const rects = bars.map((b, i) => {
    if (!Number.isFinite(b.value)) return '';
    const x = PAD_L + i * step + (step - bw) / 2, top = y(Math.max(0, b.value)), h = Math.max(1, Math.abs(y(b.value) - y(0)));
    const fill = options.color ?? (b.value >= 0 ? '#16a34a' : '#dc2626');
    return `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${escapeHtml(b.title)}</title></rect>`;
  }).join('');
  const labels = bars.map((b, i) => (i % every === 0
    ? `<text x="${(PAD_L + i * step + step / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${escapeHtml(b.label)}</text>` : '')).join('');
  const axis = `<line x1="${PAD_L}" x2="${W}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#6b7280" stroke-width="1"/>`
    + `<text x="${PAD_L - 4}" y="${(y(max) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(options.format(max))}</text>`
    + (min < 0 ? `<text x="${PAD_L - 4}" y="${(y(min) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(options.format(min))}</text>` : '');
  return `<svg class="bars" id="${id}" viewBox="0 0 ${W} ${H}" role="img" preserveAspectRatio="xMidYMid meet">${axis}${rects}${labels}</svg>`;
}
