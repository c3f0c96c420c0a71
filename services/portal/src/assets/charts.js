// Draws every [data-chart] box with ECharts (served from the portal, no CDN). The option travels as JSON in
// the data attribute, so no inline script is needed under the strict CSP; each chart has a table beside it.
(() => {
  'use strict';
  if (typeof echarts === 'undefined') return;
  const palette = ['#0b4f9c', '#a3191c', '#1e6b34', '#7a3e00', '#5b2a86'];
  const charts = [];
  for (const box of document.querySelectorAll('[data-chart]')) {
    try {
      const option = JSON.parse(box.dataset.chart);
      option.color = palette;
      option.aria = { enabled: true, decal: { show: true } };
      option.grid = { left: 48, right: 16, top: 48, bottom: 40, containLabel: true };
      if (option.legend) option.legend.top = 0;
      const chart = echarts.init(box, null, { renderer: 'svg' });
      chart.setOption(option);
      charts.push(chart);
    } catch {
      box.hidden = true;
    }
  }
  addEventListener('resize', () => charts.forEach((c) => c.resize()));
})();
