// Injected into a copy of a report by tests/cli/report_browser.sh and run by
// headless Chromium: reads the rendered box of every chart label (SVG
// <text>, rotation included) and writes what is wrong as JSON into a
// pre element with id vs-layout: text cut by its chart's edge, two texts of a
// chart that overlap, a chart without a unit.  Boxes are in screen pixels;
// a label may touch another or the edge by TOL px (anti-aliasing).
(function () {
  var TOL = 0.75, problems = [], checked = {charts: 0, texts: 0};
  function corners(el) {
    var b = el.getBBox(), m = el.getScreenCTM(), svg = el.ownerSVGElement, out = [];
    [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .forEach(function (p) {
        var q = svg.createSVGPoint(); q.x = p[0]; q.y = p[1];
        q = q.matrixTransform(m); out.push([q.x, q.y]);
      });
    return out;
  }
  // separating-axis test of two convex quadrilaterals, shrunk by TOL
  function overlap(a, b) {
    var polys = [a, b];
    for (var k = 0; k < 2; k++) {
      var p = polys[k];
      for (var i = 0; i < 4; i++) {
        var j = (i + 1) % 4, nx = p[j][1] - p[i][1], ny = p[i][0] - p[j][0];
        var len = Math.hypot(nx, ny); if (!len) continue; nx /= len; ny /= len;
        var amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
        a.forEach(function (q) { var d = q[0] * nx + q[1] * ny; amin = Math.min(amin, d); amax = Math.max(amax, d); });
        b.forEach(function (q) { var d = q[0] * nx + q[1] * ny; bmin = Math.min(bmin, d); bmax = Math.max(bmax, d); });
        if (amax - TOL <= bmin + TOL || bmax - TOL <= amin + TOL) return false;
      }
    }
    return true;
  }
  document.querySelectorAll('figure.chart').forEach(function (fig) {
    var svg = fig.querySelector('svg'); if (!svg) return;
    checked.charts++;
    var r = svg.getBoundingClientRect(), boxes = [];
    var texts = svg.querySelectorAll('g.labels text');
    texts.forEach(function (t) {
      var c = corners(t), label = t.textContent;
      checked.texts++;
      if (!label.trim()) problems.push({chart: fig.id, what: 'empty text'});
      c.forEach(function (p) {
        if (p[0] < r.left - TOL || p[0] > r.right + TOL || p[1] < r.top - TOL || p[1] > r.bottom + TOL)
          problems.push({chart: fig.id, what: 'cut by the edge', text: label});
      });
      boxes.push({c: c, label: label});
    });
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i].c, boxes[j].c))
          problems.push({chart: fig.id, what: 'overlap', text: boxes[i].label + ' | ' + boxes[j].label});
    var unit = svg.querySelector('g.labels text.unit');
    if (!unit || !unit.textContent.trim() || /no unit|ingen enhet/.test(unit.textContent))
      problems.push({chart: fig.id, what: 'no unit'});
  });
  var seen = {}, uniq = problems.filter(function (p) {
    var k = JSON.stringify(p); if (seen[k]) return false; seen[k] = 1; return true;
  });
  var pre = document.createElement('pre');
  pre.id = 'vs-layout';
  pre.textContent = JSON.stringify({checked: checked, problems: uniq});
  document.body.appendChild(pre);
})();
