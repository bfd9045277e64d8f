// A small rate chart on <canvas> (no library: two lines and a grid are all the dashboard needs).

/**
 * Draws validated and failed rates over time. points: [{v, f}] oldest first, one per batch; capacity: how many
 * points fit the width. options.axis draws the grid and the scale.
 */
export function drawRates(canvas, points, capacity, options = {}) {
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
  const colors = {
    v: css.getPropertyValue('--ok').trim() || '#1a7f37',
    f: css.getPropertyValue('--bad').trim() || '#cf222e',
    grid: css.getPropertyValue('--line').trim() || '#d0d7de',
    text: css.getPropertyValue('--muted').trim() || '#57606a',
  };
  // a moving average over a few batches: 500 ms windows of a steady rate jitter by one message either way
  const k = options.smooth ?? 4;
  points = points.map((p, i) => {
    const from = Math.max(0, i - k + 1);
    let v = 0;
    let f = 0;
    for (let j = from; j <= i; j++) {
      v += points[j].v;
      f += points[j].f;
    }
    return { v: v / (i - from + 1), f: f / (i - from + 1) };
  });
  const left = options.axis ? 44 : 1;
  const bottom = options.axis ? 18 : 1;
  const top = options.axis ? 8 : 2;
  const pw = w - left - 2;
  const ph = h - top - bottom;
  let max = 0;
  for (const p of points) max = Math.max(max, p.v, p.f);
  max = niceMax(max);
  if (options.axis) {
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = colors.text;
    g.strokeStyle = colors.grid;
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
    g.fillText(options.span || '', left, h - 4);
    g.textAlign = 'right';
    g.fillText('now', left + pw, h - 4);
  }
  const step = pw / Math.max(1, capacity - 1);
  const x0 = left + pw - (points.length - 1) * step;
  for (const key of ['v', 'f']) {
    g.strokeStyle = colors[key];
    g.lineWidth = options.axis ? 2 : 1.5;
    g.lineJoin = 'round';
    g.beginPath();
    points.forEach((p, i) => {
      const x = x0 + i * step;
      const y = top + ph - (max ? (p[key] / max) * ph : 0);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    });
    g.stroke();
  }
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
