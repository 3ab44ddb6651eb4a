// The console's only script: draws charts and wires print buttons. Pages work without it.
(() => {
  "use strict";

  // Apache ECharts is large: fetched only on pages that have a chart.
  function loadECharts() {
    if (window.echarts) return Promise.resolve(window.echarts);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/lib/echarts.min.js";
      script.onload = () => resolve(window.echarts);
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function drawCharts() {
    const elements = document.querySelectorAll("[data-chart]");
    if (elements.length === 0) return;
    loadECharts().then(echarts => {
      const charts = [];
      for (const element of elements) {
        element.style.height = (Number(element.dataset.height) || 320) + "px";
        const chart = echarts.init(element, null, { renderer: "canvas" });
        chart.setOption(JSON.parse(element.dataset.chart));
        charts.push(chart);
      }
      window.addEventListener("resize", () => charts.forEach(c => c.resize()));
    });
  }

  function wirePrintButtons() {
    for (const button of document.querySelectorAll("[data-print]"))
      button.addEventListener("click", () => window.print());
  }

  document.addEventListener("DOMContentLoaded", () => { drawCharts(); wirePrintButtons(); });
})();
