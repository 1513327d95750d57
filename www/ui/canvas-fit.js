// Sizes a canvas's backing store to its CSS width times the device pixel ratio, so what
// is drawn on it is sharp on high-density screens and its text can be set in CSS pixels.

/**
 * Fits `canvas` (width from CSS, height = width * aspect, at least minHeight CSS px);
 * returns { width, height } in CSS px and `scale`, backing pixels per CSS pixel.
 */
export function fitCanvas(canvas, aspect, minHeight = 0) {
  const width = Math.max(200, Math.round(canvas.clientWidth || canvas.width));
  const height = Math.max(minHeight, Math.round(width * aspect));
  const ratio = Math.max(1, window.devicePixelRatio || 1);
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.aspectRatio = `${width} / ${height}`;
  return { width, height, scale: w / width };
}

/** Calls `redraw` when any of the canvases changes width (window resized, rotated). */
export function onResize(canvases, redraw) {
  const widths = new Map();
  const observer = new ResizeObserver((entries) => {
    let changed = false;
    for (const { target, contentRect } of entries) {
      const w = Math.round(contentRect.width);
      if (widths.get(target) !== w) { widths.set(target, w); changed = true; }
    }
    if (changed) redraw();
  });
  for (const c of canvases) observer.observe(c);
}

/** A legend below a chart: one swatch and name per curve (HTML, so it never covers one). */
export function renderLegend(element, items) {
  element.replaceChildren(...items.map(({ name, color, dashed }) => {
    const item = document.createElement('span');
    item.className = 'legend-item';
    const swatch = document.createElement('span');
    swatch.className = `swatch${dashed ? ' dashed' : ''}`;
    swatch.style.borderColor = color;
    item.append(swatch, name);
    return item;
  }));
}
