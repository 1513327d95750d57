// The Share dialog: the link to this exact configuration, and an iframe snippet that
// embeds only the chosen panels. The snippet's tiny script sizes the iframe to the lab's
// content (the lab posts `reglab:resize`, see host-api.js); where a course page does not
// allow scripts the iframe keeps a fixed height estimated from the chosen panels.
// The dialog is modal (showModal) and keeps Tab and Shift+Tab inside it.
import { PANELS } from '../state.js';

const NAMES = {
  lessons: 'Lessons', controls: 'Experiment', curves: 'Learning curves', network: 'Inside the network',
  samples: 'Test digits', draw: 'Draw a digit', compare: 'Compare runs', weights: 'Weight pictures',
};
/** About how tall each panel is in a one-column embed 600-800 px wide (CSS px). */
const HEIGHTS = { lessons: 200, controls: 640, curves: 560, network: 480, samples: 560, draw: 560, compare: 560, weights: 480 };
const STATUS_HEIGHT = 40;

/** The iframe's height for when its script cannot run. */
export const fixedHeight = (panels) => STATUS_HEIGHT + panels.reduce((sum, p) => sum + HEIGHTS[p] + 8, 8);

/** The snippet: the iframe and the script that follows the lab's height. */
export function snippet(embedUrl, panels) {
  const origin = new URL(embedUrl).origin;
  const iframe = `<iframe src="${embedUrl.replace(/&/g, '&amp;')}" title="Regularization Lab" width="100%" height="${fixedHeight(panels)}" style="border:0" loading="lazy" data-reglab></iframe>`;
  const script = '<script>addEventListener("message",function(e){var d=e.data;'
    + `if(e.origin!=="${origin}"||!d||d.type!=="reglab:resize"||!(d.height>0))return;`
    + 'document.querySelectorAll("iframe[data-reglab]").forEach(function(f){'
    + 'if(f.contentWindow===e.source)f.style.height=Math.min(d.height,20000)+"px";});});</script>';
  return `${iframe}\n${script}`;
}

const FOCUSABLE = 'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function trapFocus(dialog) {
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && el.getClientRects().length);
    if (!items.length) return;
    const [first, last] = [items[0], items.at(-1)];
    const active = dialog.ownerDocument.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (active === last || !dialog.contains(active))) { event.preventDefault(); first.focus(); }
  });
}

/** `currentState()` is the page's link state, `toHash` writes it (see state.js). */
export function createShare(doc, currentState, toHash) {
  const $ = (id) => doc.getElementById(id);
  const dialog = $('share-dialog');
  const boxes = PANELS.map((panel) => {
    const label = doc.createElement('label');
    const box = doc.createElement('input');
    box.type = 'checkbox';
    box.value = panel;
    box.checked = panel === 'draw';
    label.append(box, ` ${NAMES[panel]}`);
    $('share-panels').append(label);
    box.addEventListener('change', fill);
    return box;
  });

  const base = () => `${location.origin}${location.pathname}`;
  function fill() {
    const state = currentState();
    $('share-link').value = base() + toHash({ ...state, embed: '0' });
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    const panels = checked.length ? checked : PANELS;
    const embedUrl = base() + toHash({ ...state, embed: '1', panels: panels.join(',') });
    $('share-embed').value = snippet(embedUrl, panels);
  }
  const copy = (id) => navigator.clipboard?.writeText($(id).value).catch(() => $(id).select());
  $('copy-link').addEventListener('click', () => copy('share-link'));
  $('copy-embed').addEventListener('click', () => copy('share-embed'));
  trapFocus(dialog);
  $('share').addEventListener('click', () => { fill(); dialog.showModal(); });
}
