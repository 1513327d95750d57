// The Share dialog: the link to this exact configuration, and an iframe snippet that
// embeds only the chosen panels.
import { PANELS } from '../state.js';

const NAMES = {
  lessons: 'Lessons', controls: 'Experiment', curves: 'Learning curves', network: 'Inside the network',
  samples: 'Test digits', draw: 'Draw a digit', compare: 'Compare runs', weights: 'Weight pictures',
};

/** `toHash(state)` is the link table's writer (state.js `createLinks`). */
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
    const panels = boxes.filter((b) => b.checked).map((b) => b.value);
    const embedUrl = base() + toHash({ ...state, embed: '1', panels: (panels.length ? panels : PANELS).join(',') });
    $('share-embed').value = `<iframe src="${embedUrl}" title="Regularization Lab" width="100%" height="720" style="border:0" loading="lazy"></iframe>`;
  }
  const copy = (id) => navigator.clipboard?.writeText($(id).value).catch(() => $(id).select());
  $('copy-link').addEventListener('click', () => copy('share-link'));
  $('copy-embed').addEventListener('click', () => copy('share-embed'));
  $('share').addEventListener('click', () => { fill(); dialog.showModal(); });
}
