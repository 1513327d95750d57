// Keeps keyboard focus on a meaningful control. When the focused control becomes
// disabled or hidden (Train turning into a disabled "Done" at the end of a run, a notice
// dismissed), browsers drop focus to <body> and a keyboard user starts over from the top.
// This watches for that and moves focus to the next usable control after it in its card
// (else the one before it, else the card's heading), the way a learner would go on.

const FOCUSABLE = 'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])';

const usable = (el) => el.isConnected && !el.disabled && !el.closest('[hidden], [inert]')
  && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

/** The control that should get focus after `lost` can no longer hold it, or null. */
function successor(doc, lost) {
  const scope = lost.isConnected ? (lost.closest('section, dialog, [role="alert"], main') ?? doc.body) : doc.body;
  const all = [...scope.querySelectorAll(FOCUSABLE)].filter((el) => el === lost || usable(el));
  const at = all.indexOf(lost);
  const after = at >= 0 ? all.slice(at + 1) : all;
  const before = at >= 0 ? all.slice(0, at).reverse() : [];
  const next = after.find(usable) ?? before.find(usable);
  if (next) return next;
  const heading = scope.querySelector('h1, h2');
  if (heading && usable(heading)) {
    heading.tabIndex = -1;
    return heading;
  }
  return null;
}

export function keepFocus(doc) {
  let current = null;
  doc.addEventListener('focusin', (event) => { current = event.target; });
  // Focus that leaves a control still usable was moved on purpose (a click elsewhere).
  doc.addEventListener('focusout', (event) => {
    if (!event.relatedTarget && event.target === current && usable(current)) current = null;
  });
  const check = () => {
    const active = doc.activeElement;
    if (!current || (active && active !== doc.body && active !== current)) return;
    // The common case, cheaply (no layout): the focused control is still enabled and shown.
    if (active === current && !current.disabled && !current.closest('[hidden], [inert]')) return;
    const next = successor(doc, current);
    current = null;
    next?.focus();
  };
  // Attribute changes (disabled, hidden) are seen at once; the browser's own focus fix-up
  // may come a frame later, so look again then (once per frame at most).
  let queued = false;
  new MutationObserver(() => {
    check();
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; check(); }); }
  }).observe(doc.body, { subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'inert'] });
}
