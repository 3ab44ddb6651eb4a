// The console's only script: draws charts, wires print and copy buttons, reloads live figures. Pages work without it.
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

  // A copy button (hidden until this script shows it) puts its data-copy-text on the clipboard in one tap. Where the
  // clipboard API is missing (a plain-http address), a selected text area and the copy command do it instead.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function wireCopyButtons() {
    for (const button of document.querySelectorAll("[data-copy-text]")) {
      button.hidden = false;
      const label = button.textContent;
      button.addEventListener("click", () => copy(button.dataset.copyText).then(
        () => { button.textContent = button.dataset.copied || label; setTimeout(() => { button.textContent = label; }, 3000); },
        () => { button.textContent = button.dataset.failed || label; }));
    }
  }

  // A page showing live figures loads itself again (a GET, never a form sent twice), until the user starts to use
  // one of its forms: a reload must not wipe what is being typed or swallow a click.
  function refreshLiveFigures() {
    const marker = document.querySelector("[data-refresh-seconds]");
    if (!marker) return;
    let busy = false;
    for (const kind of ["input", "change", "focusin", "pointerdown", "keydown"])
      document.addEventListener(kind, e => { if (e.target.closest && e.target.closest("form")) busy = true; }, true);
    setInterval(() => { if (!busy) location.assign(location.href); }, (Number(marker.dataset.refreshSeconds) || 5) * 1000);
  }

  document.addEventListener("DOMContentLoaded", () => { drawCharts(); wirePrintButtons(); wireCopyButtons(); refreshLiveFigures(); });
})();
