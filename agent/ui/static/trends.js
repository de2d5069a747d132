// The trends page: draws the store's KPIs, ranks and inquiries (the data the page embeds as JSON) with
// ECharts; every chart is interactive (tooltips, legend toggles, zoom on the ranks).
"use strict";
window.charts = {};
function chart(id, option) {
  const el = document.getElementById(id);
  if (!el) return;
  const c = echarts.init(el, null, {renderer: "canvas"});
  c.setOption(Object.assign({animation: false, tooltip: {trigger: "axis"}, grid: {left: 56, right: 16, top: 40, bottom: 40}}, option));
  window.charts[id] = c;
}
document.addEventListener("DOMContentLoaded", () => {
  const d = JSON.parse(document.getElementById("trend-data").textContent);
  const w = d.words;
  for (const [k, s] of Object.entries(d.kpis.series)) {
    const series = [{name: w.store_value, type: "line", data: s.value, symbolSize: 6, lineStyle: {width: 3}}];
    if (s.peer) {
      series.push({name: w.peer, type: "line", data: s.peer});
      series.push({name: w.excellent, type: "line", data: s.excellent});
      series.push({name: w.target, type: "line", data: s.target, lineStyle: {type: "dashed"}});
    }
    chart("kpi-" + k, {title: {text: s.label, left: 8, textStyle: {fontSize: 14}}, legend: {bottom: 0},
      grid: {left: 56, right: 16, top: 48, bottom: 56},
      xAxis: {type: "category", data: d.kpis.periods}, yAxis: {type: "value", scale: true}, series});
  }
  const r = d.ranks;
  chart("ranks", {
    // the eight best-placed lines shown at first; the legend brings back any other
    legend: {type: "scroll", top: 4, selected: Object.fromEntries(r.lines.map((l, i) => [l.name, i < 8]))},
    tooltip: {trigger: "item", formatter: p => `${p.seriesName}<br>${p.name}：${w.place} ${p.value}<br>${r.lines[p.seriesIndex].product[p.dataIndex]}`},
    xAxis: {type: "category", data: r.periods}, yAxis: {type: "value", inverse: true, min: 1, name: w.place},
    dataZoom: [{type: "inside"}], grid: {left: 56, right: 16, top: 60, bottom: 40},
    series: r.lines.map(l => ({name: l.name, type: "line", data: l.place, connectNulls: false, symbolSize: 7})),
  });
  const q = d.inquiries;
  chart("countries", {title: {text: w.by_country, textStyle: {fontSize: 14}}, xAxis: {type: "category", data: q.countries},
    yAxis: {type: "value", minInterval: 1}, series: [{name: w.inquiries, type: "bar", data: q.by_country}]});
  chart("hours", {title: {text: w.hour, textStyle: {fontSize: 14}}, xAxis: {type: "category", data: [...Array(24).keys()].map(String)},
    yAxis: {type: "value", minInterval: 1}, series: [{name: w.inquiries, type: "bar", data: q.by_hour}]});
  window.addEventListener("resize", () => Object.values(window.charts).forEach(c => c.resize()));
  document.body.dataset.drawn = Object.keys(window.charts).length;
});
