/**
 * The report's inline browser script, as text. Plain ES2017 without modules so it runs from a file://
 * page with the standalone lightweight-charts build (global `LightweightCharts`) inlined before it. It
 * only draws charts: every table is rendered on the server, so the report stays readable even where
 * scripts are off.
 */

export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);

  function chartIn(id, extra) {
    var el = document.getElementById(id);
    if (!el) return null;
    var options = {
      autoSize: true,
      layout: { background: { type: 'solid', color: '#ffffff' }, textColor: '#333333', fontSize: 11 },
      grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
      rightPriceScale: { borderColor: '#d0d0d0' },
      // lightweight-charts shows UTCTimestamp values as UTC: the report's times are all UTC.
      // A tiny minimum bar spacing lets fitContent show the whole run (20,000 bars on ~1,000 px), not the last 2,000.
      timeScale: { borderColor: '#d0d0d0', timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
    };
    return LC.createChart(el, Object.assign(options, extra || {}));
  }

  function points(list) {
    return list.map(function (p) { return { time: p[0], value: p[1] }; });
  }

  function drawPrice(price) {
    var chart = chartIn('chart-price');
    if (!chart || !price) return;
    var series = chart.addSeries(LC.CandlestickSeries, {
      upColor: '#26a69a', downColor: '#ef5350', borderVisible: false,
      wickUpColor: '#26a69a', wickDownColor: '#ef5350',
    });
    series.setData(price.candles.map(function (c) {
      return { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] };
    }));
    // Quantities as marker text only while few enough to stay legible.
    var labelled = price.markers.length <= 40;
    LC.createSeriesMarkers(series, price.markers.map(function (m) {
      var buy = m[1] > 0;
      return {
        time: m[0],
        position: buy ? 'belowBar' : 'aboveBar',
        shape: buy ? 'arrowUp' : 'arrowDown',
        color: buy ? '#1b5e20' : '#b71c1c',
        text: labelled ? (buy ? 'B ' : 'S ') + m[2] : undefined,
      };
    }));
    chart.timeScale().fitContent();
  }

  function drawLines(id, runs, key, format) {
    var chart = chartIn(id);
    if (!chart) return null;
    runs.forEach(function (run) {
      var options = { color: run.color, lineWidth: 2, priceLineVisible: false };
      if (format) options.priceFormat = format;
      chart.addSeries(LC.LineSeries, options).setData(points(run[key]));
    });
    chart.timeScale().fitContent();
    return chart;
  }

  // Equity and drawdown are thinned from one set of points (chart-data.ts equityAndDrawdown), so they hold
  // the same times and their logical ranges line up: scroll one, the other follows.
  function sync(a, b) {
    if (!a || !b) return;
    var busy = false;
    function follow(from, to) {
      from.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
        if (busy || !range) return;
        busy = true;
        to.timeScale().setVisibleLogicalRange(range);
        busy = false;
      });
    }
    follow(a, b);
    follow(b, a);
  }

  var percent = { type: 'custom', minMove: 0.01, formatter: function (v) { return v.toFixed(2) + '%'; } };
  drawPrice(data.price);
  var equity = drawLines('chart-equity', data.runs, 'equity');
  var drawdown = drawLines('chart-drawdown', data.runs, 'drawdown', percent);
  sync(equity, drawdown);
  if (data.stitched) {
    drawLines('chart-stitched', [{ color: '#2962ff', equity: data.stitched }], 'equity');
  }
  document.body.setAttribute('data-charts', 'ready');
})();`;

export const REPORT_CSS = `
*{box-sizing:border-box}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;background:#fafafa;margin:0;padding:16px 24px 48px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:14px;margin:16px 0 6px}
.sub,.note,.caption{color:#666}.caption{font-size:12px;margin:4px 0 0}.truncated{color:#a15c00}
.chart{height:420px;background:#fff;border:1px solid #e3e3e3}.chart.small{height:260px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0}.legend-item{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:14px;height:4px;border-radius:2px}
table{border-collapse:collapse;background:#fff;margin:4px 0}th,td{border:1px solid #e3e3e3;padding:3px 8px;text-align:left;white-space:nowrap}
thead th{background:#f3f3f3;position:sticky;top:0}th[scope=row]{background:#fbfbfb;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.pos{color:#1b5e20}td.neg{color:#b71c1c}td.long{color:#1b5e20}td.short{color:#b71c1c}
.config td{white-space:normal;max-width:420px;word-break:break-word}th.run{max-width:280px;white-space:normal;word-break:break-word}
.heatmap td{min-width:58px}.heatmap td.empty{color:#bbb;text-align:center}
.table-wrap{max-width:100%;overflow-x:auto}details{margin:6px 0}summary{cursor:pointer;font-weight:600}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
`;
