// A small time-series chart on <canvas> (no library: a few polylines, a grid and a scale are all the dashboard needs).

/**
 * Draws lines over a time axis. series: [{color, points: [{t, y}]}], t in epoch ms, oldest first; y null is a gap,
 * and so is a jump of more than options.gap ms between two points. options: from/to (the axis, epoch ms), axis (draw
 * the grid, the scale and the time labels), spanLabel (the left time label), gap (ms).
 */
export function drawChart(canvas, series, options) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (!w || !h) return;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  const css = getComputedStyle(canvas);
  const grid = css.getPropertyValue('--line').trim() || '#d0d7de';
  const text = css.getPropertyValue('--muted').trim() || '#57606a';
  const fontSize = parseFloat(css.fontSize) || 11;
  const axis = !!options.axis;
  const left = axis ? Math.round(fontSize * 3.6) : 1;
  const bottom = axis ? Math.round(fontSize * 1.7) : 1;
  const top = axis ? 8 : 2;
  const pw = w - left - 2;
  const ph = h - top - bottom;
  const { from, to } = options;
  let max = 0;
  for (const s of series) for (const p of s.points) if (p.y != null && p.t >= from) max = Math.max(max, p.y);
  max = niceMax(max);
  if (axis) {
    g.font = `${Math.round(fontSize)}px system-ui, sans-serif`;
    g.fillStyle = text;
    g.strokeStyle = grid;
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let i = 0; i <= 4; i++) {
      const y = Math.round(top + ph - (ph * i) / 4) + 0.5;
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(left + pw, y);
      g.stroke();
      g.fillText(label(max * i / 4), left - 6, y);
    }
    g.textAlign = 'left';
    g.textBaseline = 'alphabetic';
    g.fillText(options.spanLabel || '', left, h - 4);
    g.textAlign = 'right';
    g.fillText('now', left + pw, h - 4);
  }
  const x = (t) => left + ((t - from) / Math.max(1, to - from)) * pw;
  const y = (v) => top + ph - (max ? (v / max) * ph : 0);
  series.forEach((s) => {
    // runs of points without a gap; a lone point is drawn as a dot
    const runs = [];
    let run = [];
    for (const p of s.points) {
      const last = run[run.length - 1];
      if (p.t < from || p.y == null || (last && options.gap && p.t - last.t > options.gap)) {
        if (run.length) runs.push(run);
        run = [];
      }
      if (p.t >= from && p.y != null) run.push(p);
    }
    if (run.length) runs.push(run);
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.lineWidth = axis ? 2 : 1.5;
    g.lineJoin = 'round';
    for (const r of runs) {
      if (r.length === 1) {
        g.beginPath();
        g.arc(x(r[0].t), y(r[0].y), g.lineWidth * 1.2, 0, 2 * Math.PI);
        g.fill();
        continue;
      }
      g.beginPath();
      r.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.y)) : g.moveTo(x(p.t), y(p.y))));
      g.stroke();
    }
  });
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  // maxima whose quarters read well: 1 → .25 .5 .75, 2, 4, 6 → 1.5 3 4.5, 8
  for (const m of [1, 2, 4, 6, 8, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function label(v) {
  if (v >= 1000) return (v / 1000).toFixed(v >= 10000 ? 0 : 1) + 'k';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}
