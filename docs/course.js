// An example course page driving embedded labs through the host API (www/host-api.js in
// the lab). Each <iframe data-reglab data-lab-id="..." data-hash="..."> gets its src from
// the lab's address (?lab=... on this page's URL, else the lab served by scripts/serve);
// buttons with data-lab send it commands; the page listens to what the labs report, and
// keeps the class's lesson results from the "class" lab's learning events (class-results.js).
import { createClassResults, toCsv } from './class-results.js';

const LAB = new URL(new URLSearchParams(location.search).get('lab') ?? 'http://127.0.0.1:8080/', location.href);
const frames = new Map(); // lab id -> iframe
for (const frame of document.querySelectorAll('iframe[data-reglab]')) {
  frame.src = `${LAB.href.split('#')[0]}#${frame.dataset.hash}`;
  frames.set(frame.dataset.labId, frame);
}
const readouts = new Map([...document.querySelectorAll('[data-readout]')].map((o) => [o.dataset.readout, o]));
const readout = (id, text) => { if (readouts.has(id)) readouts.get(id).textContent = text; };

/** Sends a command to a lab, addressed to the lab's origin only. */
function send(id, message) {
  frames.get(id).contentWindow.postMessage(message, LAB.origin);
}

for (const button of document.querySelectorAll('button[data-lab]')) {
  button.addEventListener('click', () => {
    const { lab, settings, command, lesson } = button.dataset;
    if (settings) send(lab, { type: 'reglab:configure', settings: JSON.parse(settings) });
    else if (lesson) send(lab, { type: 'reglab:lesson', id: lesson });
    else send(lab, { type: command });
  });
}

// As the lab writes accuracies (0.8229), so the page and the lab inside it agree digit for digit.
const accuracy = (x) => (x === null || x === undefined ? '–' : x.toFixed(4));
addEventListener('message', (event) => {
  if (event.origin !== LAB.origin) return; // only the labs speak to this page
  const id = [...frames].find(([, f]) => f.contentWindow === event.source)?.[0];
  const data = event.data;
  if (!id || !data || typeof data.type !== 'string') return;
  switch (data.type) {
    case 'reglab:ready': readout(id, 'ready'); break;
    case 'reglab:progress':
      readout(id, `iteration ${data.iteration}: training accuracy ${accuracy(data.trainAccuracy)}, test accuracy ${accuracy(data.testAccuracy)}`);
      break;
    case 'reglab:finished':
      readout(id, `finished ${data.iteration} iterations in ${data.seconds.toFixed(1)} s: test accuracy ${accuracy(data.testAccuracy)}`);
      break;
    case 'reglab:prediction': readout(id, `the network says ${data.digit}`); break;
    case 'reglab:resize': frames.get(id).style.height = `${Math.min(data.height, 20000)}px`; break;
    case 'reglab:error': if (readouts.has(id)) readout(id, `error: ${data.message}`); break;
    default: break;
  }
  if (id === 'class' && classResults.heard(student(), data)) showResults();
});

// ---- the class's results --------------------------------------------------------------
let store = null;
try { store = localStorage; } catch { /* storage refused: the table lasts as long as the page */ }
const classResults = createClassResults(store);
const student = () => document.getElementById('student').value.trim() || '(no name)';
const time = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '');
/** The table's cells of a row, in the order of its headers (the CSV keeps the ids and ISO times). */
const cells = (r) => [r.student, r.title || r.lesson, r.prediction || r.answer, r.correct, time(r.started), time(r.finished), r.figures];

function showResults() {
  const rows = classResults.rows();
  const body = document.querySelector('#class-results tbody');
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    for (const text of cells(row)) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  document.getElementById('class-count').textContent = rows.length ? `${rows.length} attempt${rows.length === 1 ? '' : 's'}` : 'no attempts yet';
}

document.getElementById('class-csv').addEventListener('click', () => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([toCsv(classResults.rows())], { type: 'text/csv' }));
  link.download = 'class-results.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});
document.getElementById('class-clear').addEventListener('click', () => {
  if (confirm('Clear every row of the class table in this browser?')) { classResults.clear(); showResults(); }
});
showResults();
