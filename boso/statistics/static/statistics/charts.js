/* Draws every chart on the page from its Vega-Lite spec.
 *
 * The spec sits in <script type="application/json" data-vega-spec="ID">, and the chart
 * goes into the element with that id. The page's Content-Security-Policy allows no
 * eval, so Vega runs with its CSP-safe expression interpreter (vega-interpreter, which
 * vega-embed's bundle carries): ast: true makes Vega hand over expression trees instead
 * of generated code. vega-embed and its tooltips inject no styles (CSP: style-src
 * 'self'); their styles are in charts.css. Without JavaScript the table under each
 * chart shows the same figures.
 */
(function () {
  "use strict";

  var options = {
    ast: true,
    expr: window.vega && window.vega.expressionInterpreter,
    actions: false,
    renderer: "svg",
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  };

  function draw(root) {
    var specs = root.querySelectorAll('script[type="application/json"][data-vega-spec]');
    Array.prototype.forEach.call(specs, function (script) {
      var target = document.getElementById(script.getAttribute("data-vega-spec"));
      if (!target || target.getAttribute("data-chart-drawn")) {
        return;
      }
      target.setAttribute("data-chart-drawn", "true");
      var spec;
      try {
        spec = JSON.parse(script.textContent);
      } catch (error) {
        target.setAttribute("data-chart-error", "spec");
        return;
      }
      if (typeof window.vegaEmbed !== "function") {
        target.setAttribute("data-chart-error", "vega-embed");
        return;
      }
      window.vegaEmbed(target, spec, options).then(function () {
        target.setAttribute("data-chart-ready", "true");
      }).catch(function (error) {
        target.setAttribute("data-chart-error", String(error && error.message || error));
      });
    });
  }

  function start() {
    draw(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      draw(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
