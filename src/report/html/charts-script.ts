/**
 * The page script: reads the JSON in `#report-data` and draws every chart with uPlot (inlined
 * before it). Plain browser JavaScript, kept as a string so it can be written into the file.
 */
export const CHARTS_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var COLORS = { strategy: '#1d4ed8', benchmark: '#94a3b8', drawdown: '#dc2626', sharpe: '#7c3aed',
    vol: '#ea580c', exposure: '#0f766e', recorded: ['#0369a1', '#b45309', '#be185d', '#4d7c0f', '#6d28d9', '#0e7490'] };
  var GRID = { stroke: '#e5e7eb', width: 1 };
  var AXIS = { stroke: '#6b7280', grid: GRID, ticks: { stroke: '#e5e7eb', width: 1 }, font: '11px system-ui, sans-serif' };
  var charts = [];

  function num(v, digits) {
    return v == null ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function pct(v) { return v == null ? '–' : num(v, 1) + '%'; }
  function compact(v, incr) {
    if (v == null) return '–';
    if (v === 0) return '0';
    var a = Math.abs(v);
    if (incr > 0 && incr < 1000 && a >= 1e4) return num(v, decimals(incr));
    if (a >= 1e9) return num(v / 1e9, 2) + 'B';
    if (a >= 1e6) return num(v / 1e6, 2) + 'M';
    if (a >= 1e4) return num(v / 1e3, 1) + 'k';
    return num(v, a >= 100 ? 0 : 2);
  }
  /** Decimals that tell ticks spaced 'incr' apart from each other. */
  function decimals(incr) { return incr > 0 ? Math.min(3, Math.max(0, -Math.floor(Math.log10(incr) + 1e-9))) : 1; }
  function pctTick(v, incr) { return num(v, decimals(incr)) + '%'; }
  function numTick(v, incr) { return num(v, decimals(incr)); }
  /** About 'count' round tick values between min and max (steps of 1, 2 or 5 × 10^k). */
  function niceTicks(u, axisIdx, min, max) {
    var raw = (max - min) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
    [1, 2, 5, 10].some(function (m) { step = m * mag; return step >= raw; });
    var out = [];
    for (var v = Math.ceil(min / step) * step; v <= max; v += step) out.push(v);
    return out;
  }
  function widthOf(el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width)); }

  function chart(el, series, values, opts) {
    opts = opts || {};
    var u = new uPlot({
      width: widthOf(el),
      height: opts.height || 240,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true }, y: opts.scale || {} },
      legend: { live: true },
      series: [{ label: 'Date' }].concat(series),
      hooks: opts.hooks || {},
      axes: [AXIS, Object.assign({}, AXIS, opts.splits ? { splits: opts.splits } : {}, { size: 64, values: function (u, vs, ai, space, incr) {
        return vs.map(function (v) { return v == null ? '' : (opts.format || compact)(v, incr); });
      } })],
    }, [data.time].concat(values), el);
    charts.push({ u: u, el: el });
    return u;
  }
  function line(label, color, format, extra) {
    return Object.assign({ label: label, stroke: color, width: 1.6, points: { show: false },
      value: function (u, v) { return (format || compact)(v); } }, extra || {});
  }

  var equityEl = document.getElementById('chart-equity');
  var equityChart = null;
  function drawEquity() {
    var log = document.getElementById('log-scale').checked;
    if (equityChart) {
      charts = charts.filter(function (c) { return c.u !== equityChart; });
      equityChart.destroy();
    }
    var series = [line('Strategy', COLORS.strategy, function (v) { return num(v, 2); }, { width: 2 })];
    var values = [data.equity];
    if (data.benchmark) {
      series.push(line(data.benchmarkName || 'Benchmark', COLORS.benchmark, function (v) { return num(v, 2); }));
      values.push(data.benchmark);
    }
    var logRange = function (u, min, max) { return [min / 1.04, max * 1.04]; };
    var shade = { drawClear: [function (u) {
      var c = u.ctx;
      c.save();
      c.fillStyle = 'rgba(220, 38, 38, 0.10)';
      data.drawdownRanges.forEach(function (r) {
        var x0 = u.valToPos(r[0], 'x', true), x1 = u.valToPos(r[1], 'x', true);
        c.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
      });
      c.restore();
    }] };
    equityChart = chart(equityEl, series, values, log
      ? { height: 320, scale: { distr: 3, log: 10, range: logRange }, splits: niceTicks, hooks: shade }
      : { height: 320, hooks: shade });
  }
  document.getElementById('log-scale').addEventListener('change', drawEquity);
  drawEquity();

  chart(document.getElementById('chart-drawdown'),
    [line('Drawdown', COLORS.drawdown, pct, { fill: 'rgba(220, 38, 38, 0.16)' })], [data.drawdown],
    { height: 200, format: pctTick });
  chart(document.getElementById('chart-sharpe'),
    [line('Rolling Sharpe', COLORS.sharpe, function (v) { return num(v, 2); })], [data.rollingSharpe],
    { height: 200, format: numTick });
  chart(document.getElementById('chart-volatility'),
    [line('Rolling volatility', COLORS.vol, pct)], [data.rollingVolatility],
    { height: 200, format: pctTick });
  var betaEl = document.getElementById('chart-beta');
  if (betaEl && data.rollingBeta) {
    chart(betaEl, [line('Rolling beta', COLORS.sharpe, function (v) { return num(v, 2); })], [data.rollingBeta], { height: 200, format: numTick });
  }
  var lsEl = document.getElementById('chart-long-short');
  if (lsEl && data.longShort) {
    chart(lsEl, [line('Long', '#15803d', pct, { fill: 'rgba(21, 128, 61, 0.12)' }), line('Short', '#b91c1c', pct, { fill: 'rgba(185, 28, 28, 0.12)' })],
      [data.longShort.long, data.longShort.short], { height: 200, format: pctTick });
  }
  var assetsEl = document.getElementById('chart-assets');
  if (assetsEl && data.assetExposure.length > 0) {
    chart(assetsEl, data.assetExposure.map(function (a, i) { return line(a.name, COLORS.recorded[i % COLORS.recorded.length], pct); }),
      data.assetExposure.map(function (a) { return a.values; }), { height: 240, format: pctTick });
  }
  chart(document.getElementById('chart-exposure'),
    [line('Gross exposure', COLORS.exposure, pct, { fill: 'rgba(15, 118, 110, 0.12)' })], [data.exposure],
    { height: 200, format: pctTick });
  data.recorded.forEach(function (r, i) {
    var el = document.getElementById('chart-recorded-' + i);
    if (el) chart(el, [line(r.name, COLORS.recorded[i % COLORS.recorded.length])], [r.values], { height: 180, format: numTick });
  });

  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: c.u.height }); });
    }, 100);
  });
})();
`;
