// Writes tests/fixtures/drawn-digits.json: a set of pen drawings of digits for the Draw
// panel's bars (tests/bench-drawing.mjs, tests/drawing.test.mjs). Made, not recorded:
// each digit 0-9 has three shapes written as polylines (print and hand styles, one or
// more strokes), and each drawing of it is jittered (rotation, slant, aspect, a wobble
// along the stroke) and then drawn at four places and sizes on the pad, with a pen speed
// (mouse steps between points) that varies too.
//
//   { "tune": Digit[], "heldOut": Digit[] }   Digit: { label, style, drawings: Drawing[4] }
//   Drawing: { place, steps, strokes: [[[x, y], ...], ...] }  x, y in 0..1 of the pad
//
// "tune" (seed 1) is what anything may be looked at on; "heldOut" (seed 2, other jitters)
// is only measured. usage: node tests/make-drawings.mjs
import { mkdirSync, writeFileSync } from 'node:fs';

/** Points on an ellipse arc; t in turns, 0 = top, clockwise (y is down). */
function arc(cx, cy, rx, ry, t0, t1, n = 24) {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = 2 * Math.PI * (t0 + ((t1 - t0) * i) / n);
    return [cx + rx * Math.sin(t), cy - ry * Math.cos(t)];
  });
}
/** A straight line through points, each segment cut into `n` pieces. */
function line(...points) {
  const out = [points[0]];
  for (let i = 1; i < points.length; i += 1) {
    const [a, b] = [points[i - 1], points[i]];
    for (let k = 1; k <= 6; k += 1) out.push([a[0] + ((b[0] - a[0]) * k) / 6, a[1] + ((b[1] - a[1]) * k) / 6]);
  }
  return out;
}
const join = (...parts) => parts.flat();

// Each shape: a list of strokes in a unit box (x right, y down), digits about 0.6 wide.
const SHAPES = {
  0: [
    [arc(0.5, 0.5, 0.3, 0.45, 0, 1.02)],
    [arc(0.5, 0.5, 0.2, 0.46, -0.05, 0.98)],
    [arc(0.5, 0.5, 0.34, 0.42, 0.1, 1.12)],
  ],
  1: [
    [line([0.5, 0.05], [0.5, 0.95])],
    [line([0.4, 0.17], [0.55, 0.05], [0.55, 0.95])],
    [line([0.38, 0.16], [0.52, 0.05], [0.52, 0.95]), line([0.34, 0.95], [0.7, 0.95])],
  ],
  2: [
    [join(arc(0.5, 0.3, 0.28, 0.25, -0.22, 0.3, 14), line([0.72, 0.42], [0.2, 0.95], [0.82, 0.95]))],
    [join(arc(0.5, 0.28, 0.25, 0.23, -0.25, 0.25, 12), arc(0.5, 0.5, 0.25, 0.28, 0.25, 0.5, 6).slice(1), line([0.5, 0.78], [0.22, 0.95], [0.8, 0.92]))],
    [join(arc(0.48, 0.32, 0.3, 0.27, -0.2, 0.28, 14), line([0.75, 0.45], [0.3, 0.8], [0.2, 0.95]), arc(0.32, 0.95, 0.12, 0.06, 0.75, 0.5, 5).slice(1), line([0.3, 0.9], [0.82, 0.95]))],
  ],
  3: [
    [join(arc(0.48, 0.28, 0.27, 0.23, -0.2, 0.5, 16), arc(0.48, 0.73, 0.3, 0.24, 0, 0.72, 16).slice(1))],
    [join(line([0.22, 0.06], [0.78, 0.06], [0.45, 0.42]), arc(0.47, 0.68, 0.3, 0.27, -0.05, 0.72, 16))],
    [join(arc(0.5, 0.27, 0.24, 0.22, -0.25, 0.42, 14), line([0.64, 0.44], [0.44, 0.5], [0.66, 0.55]), arc(0.5, 0.74, 0.28, 0.22, 0.08, 0.74, 14))],
  ],
  4: [
    [line([0.58, 0.05], [0.18, 0.65], [0.84, 0.65]), line([0.64, 0.3], [0.64, 0.97])],
    [line([0.68, 0.97], [0.68, 0.05], [0.16, 0.68], [0.86, 0.68])],
    [line([0.28, 0.05], [0.22, 0.55], [0.82, 0.55]), line([0.7, 0.08], [0.7, 0.97])],
  ],
  5: [
    [line([0.78, 0.06], [0.28, 0.06]), join(line([0.28, 0.06], [0.24, 0.44]), arc(0.48, 0.68, 0.3, 0.28, -0.12, 0.7, 16).slice(1))],
    [join(line([0.76, 0.06], [0.3, 0.06], [0.26, 0.46]), arc(0.5, 0.68, 0.28, 0.27, -0.14, 0.72, 16).slice(1))],
    [join(line([0.3, 0.05], [0.24, 0.45]), arc(0.47, 0.69, 0.3, 0.27, -0.12, 0.7, 16).slice(1)), line([0.3, 0.05], [0.8, 0.07])],
  ],
  6: [
    [join(arc(0.62, 0.5, 0.34, 0.45, -0.07, -0.32, 10), arc(0.5, 0.72, 0.25, 0.24, 0.75, 1.75, 20).slice(1))],
    [join(line([0.66, 0.04], [0.28, 0.56]), arc(0.5, 0.72, 0.24, 0.24, 0.72, 1.72, 20).slice(1))],
    [join(arc(0.7, 0.58, 0.44, 0.54, -0.1, -0.26, 8), arc(0.5, 0.7, 0.27, 0.26, 0.72, 1.74, 22).slice(1))],
  ],
  7: [
    [line([0.2, 0.06], [0.8, 0.06], [0.42, 0.96])],
    [line([0.2, 0.06], [0.8, 0.06], [0.45, 0.96]), line([0.38, 0.5], [0.76, 0.5])],
    [line([0.2, 0.16], [0.24, 0.06], [0.8, 0.06], [0.5, 0.96])],
  ],
  8: [
    [join(arc(0.5, 0.27, 0.22, 0.22, 0.5, 1.5, 16), arc(0.5, 0.73, 0.27, 0.24, 0, -1, 18).slice(1))],
    [arc(0.5, 0.27, 0.22, 0.22, 0, 1.02, 16), arc(0.5, 0.73, 0.27, 0.24, 0, 1.02, 18)],
    [join(arc(0.5, 0.25, 0.2, 0.2, 0.4, 1.4, 16), arc(0.5, 0.72, 0.28, 0.25, 0.1, -0.92, 18).slice(1))],
  ],
  9: [
    [join(arc(0.48, 0.3, 0.27, 0.25, 0.25, 1.25, 20), line([0.75, 0.3], [0.72, 0.96]))],
    [join(arc(0.48, 0.3, 0.26, 0.24, 0.25, 1.25, 20), line([0.74, 0.3], [0.7, 0.6]), arc(0.45, 0.62, 0.25, 0.34, 0.25, 0.55, 8).slice(1))],
    [arc(0.48, 0.3, 0.25, 0.24, 0.25, 1.27, 20), line([0.74, 0.12], [0.6, 0.96])],
  ],
};

// Where and how big each drawing of a digit goes: centre (x, y) and height, in pad units.
const PLACES = [
  { name: 'centre, large', x: 0.5, y: 0.5, size: 0.8 },
  { name: 'top left, small', x: 0.25, y: 0.26, size: 0.32 },
  { name: 'bottom right, medium', x: 0.66, y: 0.68, size: 0.5 },
  { name: 'left, tall', x: 0.36, y: 0.5, size: 0.65 },
];

/** mulberry32: a small seeded generator, so the fixture is the same every time. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One hand's version of a shape: rotated, slanted, stretched and wobbled (unit box). */
function jitter(strokes, rand) {
  const range = (lo, hi) => lo + (hi - lo) * rand();
  const angle = range(-0.14, 0.14);
  const slant = range(-0.2, 0.2);
  const aspect = range(0.85, 1.15);
  const [phase, freq, amp] = [range(0, 6.3), range(5, 11), range(0.004, 0.014)];
  let s = 0;
  return strokes.map((stroke) => stroke.map(([x, y]) => {
    s += 1;
    const wx = amp * Math.sin(freq * s * 0.05 + phase);
    const wy = amp * Math.cos(freq * s * 0.04 + 2 * phase);
    const [u, v] = [(x - 0.5) * aspect + slant * (0.5 - y) + wx, y - 0.5 + wy];
    return [u * Math.cos(angle) - v * Math.sin(angle), u * Math.sin(angle) + v * Math.cos(angle)];
  }));
}

function digits(seed, perStyle) {
  const rand = random(seed);
  const out = [];
  for (let label = 0; label < 10; label += 1) {
    SHAPES[label].forEach((shape, style) => {
      for (let k = 0; k < perStyle; k += 1) {
        const hand = jitter(shape, rand); // the same hand at every place
        const drawings = PLACES.map((place) => ({
          place: place.name,
          steps: 1 + Math.floor(rand() * 4),
          strokes: hand.map((stroke) => stroke.map(([u, v]) => [
            +(place.x + u * place.size).toFixed(4), +(place.y + v * place.size).toFixed(4)])),
        }));
        out.push({ label, style, drawings });
      }
    });
  }
  return out;
}

const fixture = { tune: digits(1, 1), heldOut: digits(2, 2) };
mkdirSync(new URL('./fixtures/', import.meta.url), { recursive: true });
writeFileSync(new URL('./fixtures/drawn-digits.json', import.meta.url), `${JSON.stringify(fixture)}\n`);
console.log(`drawn-digits.json: ${fixture.tune.length} digits to tune on, ${fixture.heldOut.length} held out, 4 drawings each`);
