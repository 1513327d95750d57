// Cheaper chart text. Plotters (the charts, drawn by the page's wasm instance) measures
// each label by putting a styled <span> into the page and reading its offsetWidth and
// offsetHeight, which makes the browser lay out the page once per label: about 30
// layouts per chart, 20 times a second while training, and the main thread's longest
// tasks (scripts/bench). The labels (tick values, titles) are the same from one redraw
// to the next, so while a chart is drawn those two reads are remembered by the span's
// style and text, and a label already measured costs no layout.

const LIMIT = 4000; // remembered labels; the cache starts over beyond this
let drawing = 0;
const sizes = new Map(); // `${style}\n${text}` -> { offsetWidth, offsetHeight }

for (const name of ['offsetWidth', 'offsetHeight']) {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    enumerable: original.enumerable,
    get() {
      if (!drawing || this.tagName !== 'SPAN') return original.get.call(this);
      const key = `${this.getAttribute('style')}\n${this.textContent}`;
      let entry = sizes.get(key);
      if (!entry) {
        if (sizes.size >= LIMIT) sizes.clear();
        entry = {};
        sizes.set(key, entry);
      }
      if (entry[name] === undefined) entry[name] = original.get.call(this);
      return entry[name];
    },
  });
}

/** `draw(...)` with its text measures remembered (see above). */
export function rememberText(draw) {
  return (...args) => {
    drawing += 1;
    try { return draw(...args); } finally { drawing -= 1; }
  };
}
