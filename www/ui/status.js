// The status line (loading, errors with one action button), the notice for replaced link
// settings, and the calm announcements for screen readers. The sentences about the run's
// states (loading, ready, finished, diverged, waiting, a stopped worker) are written here.

/** Notice lines shown before "and N more" (a hostile link can carry hundreds). */
const SHOWN = 3;

const DATASET_NAMES = { mnist: 'MNIST', fashion: 'Fashion-MNIST' };
const mb = (n) => (n / 1e6).toFixed(1);
const count = (n) => n.toLocaleString('en');

export function createStatus(doc) {
  const $ = (id) => doc.getElementById(id);
  const make = (tag, props = {}, ...children) => {
    const el = Object.assign(doc.createElement(tag), props);
    el.append(...children);
    return el;
  };
  const list = (items) => make('ul', {}, ...items.map((item) => make('li', { textContent: item })));
  let action = null;
  let lastAnnounced = 0;
  let saysWaiting = false; // the line says why an embedded run waits: true only while it does
  $('retry').addEventListener('click', () => action?.());
  /** `action`: [button label, what it does], offered with an error. */
  let said = ''; // what kind of sentence the line holds ('finished': a run's closing one)
  function show(text, { progress = null, error = false, action: offered = null } = {}) {
    saysWaiting = false;
    said = '';
    $('status-text').textContent = text;
    $('status').classList.toggle('error', error);
    $('status').classList.toggle('done', progress === null);
    if (progress !== null) $('status-progress').value = progress;
    $('retry').hidden = !offered;
    [$('retry').textContent, action] = offered ?? ['', null];
  }
  return {
    show,
    /** A `loading` report (protocol.js); `retry` loads the data again. */
    loading({ phase, dataset, loaded, total, first, needed, message }, retry) {
      const name = DATASET_NAMES[dataset] ?? dataset;
      if (phase === 'download') show(`Downloading ${name}… ${mb(loaded)} of ${mb(total)} MB (the test set first)`, { progress: total ? loaded / total : 0 });
      else if (phase === 'decode') show(`Decoding ${name}'s first training images…`, { progress: 1 });
      else if (phase === 'waiting') {
        show(`This run reads ${count(needed)} training images: waiting for images ${count(first)}-${count(needed)}, `
          + `${mb(loaded)} of ${mb(total)} MB downloaded…`, { progress: total ? loaded / total : 0 });
      } else if (phase === 'arrived') show(`The ${count(needed)} training images this run reads are in.`);
      else if (phase === 'failed') show(`The rest of the training images stopped downloading: ${message}`, { error: true, action: ['Retry', retry] });
    },
    dataReady({ dataset, trainCount, arrived, testCount }) {
      const rest = arrived < trainCount ? ' The first training images are in; the rest arrive while you train.' : '';
      show(`${DATASET_NAMES[dataset] ?? dataset} ready: ${count(trainCount)} training and ${count(testCount)} test images.${rest}`);
    },
    dataFailed(message, retry) { show(`Could not load the data: ${message}`, { error: true, action: ['Retry', retry] }); },
    modelLoaded({ name, architecture, iterations, dataset }) {
      show(`Loaded ${name}: ${architecture} trained for ${iterations} iterations on ${DATASET_NAMES[dataset] ?? dataset}. Draw a digit to test it, or train it further.`);
    },
    lessonRun(description) { show(`Lesson run: ${description}.`); },
    /** A new run is set up: the last run's closing sentence (its figures, restored weights) goes. */
    newRun() { if (said === 'finished') show(''); },
    /** `restored`: early stopping's best weights, as the FINISHED report gives them. */
    finished({ iterations, seconds, restored }) {
      let text = `Finished ${iterations} iterations in ${seconds.toFixed(1)} s of training.`;
      if (restored) text += ` Early stopping restored the weights of iteration ${restored.iteration}: test accuracy ${restored.testAccuracy.toFixed(4)}. The drawing pad and the test digits now use these weights.`;
      show(text);
      said = 'finished';
    },
    diverged({ iteration, alpha }, retry) {
      show(`Training stopped at iteration ${iteration}: the error became infinite or not a number. `
        + `With α = ${alpha} each update overshoots, the next one overshoots further, and the weights blow up. `
        + 'Lower the learning rate (the book uses 0.005) and start again.', { error: true, action: ['Use α 0.005', retry] });
    },
    /** Embedded: why a run that should go does not (yet). */
    waiting(why, { started }) {
      const words = {
        offscreen: started ? 'Paused while out of sight; it goes on when you scroll back.' : 'Waiting until this lab is on screen…',
        slide: started ? 'Paused while its slide is not shown; it goes on when the slide is back.' : 'Waiting until its slide is shown…',
        page: started ? 'Paused while this page is hidden; it goes on when you come back.' : 'Waiting until this page is shown…',
        turn: 'Waiting for the other lab on this page to finish training…',
      };
      if (!words[why]) return;
      show(words[why]);
      saysWaiting = true;
    },
    /** Embedded: the wait is over (it trains, or the learner paused it); the line must not still say it waits. */
    waitOver({ phase, started }) {
      if (!saysWaiting || !['running', 'paused', 'ready'].includes(phase)) return;
      if (phase === 'running') show(started ? 'Training again: the lab is shown.' : 'Training: the lab is shown.');
      else show(phase === 'paused' ? 'Paused.' : 'Not training; press Train to start.');
    },
    workerStopped(why, restart) {
      show(`The training worker stopped (${why}). The page still works; press Restart to start training again.`,
        { error: true, action: ['Restart', () => { show('Restarting…', { progress: 0 }); restart(); }] });
    },
    /**
     * A notice with a title and its items: the first few shown, the rest behind
     * "and N more" (a scrollable list), and a Dismiss button.
     */
    notice(title, items = []) {
      const box = $('notice');
      const parts = [make('p', { className: 'notice-title', textContent: items.length > 1 ? `${title} (${items.length}):` : `${title}:` })];
      if (items.length) parts.push(list(items.slice(0, SHOWN)));
      if (items.length > SHOWN) {
        const rest = list(items.slice(SHOWN));
        Object.assign(rest, { className: 'notice-more', tabIndex: 0 });
        rest.setAttribute('aria-label', 'The other replaced settings');
        parts.push(make('details', {}, make('summary', { textContent: `and ${items.length - SHOWN} more` }), rest));
      }
      const dismiss = make('button', { type: 'button', className: 'notice-dismiss', textContent: 'Dismiss' });
      dismiss.setAttribute('aria-label', 'Dismiss this notice');
      dismiss.addEventListener('click', () => {
        box.hidden = true;
        box.replaceChildren();
        const heading = doc.querySelector('main [data-panel]:not([hidden]) h2');
        if (heading) { heading.tabIndex = -1; heading.focus(); }
      });
      box.replaceChildren(make('div', { className: 'notice-body' }, ...parts), dismiss);
      box.hidden = false;
    },
    /** Progress for screen readers, calmly: at most every 10 seconds. */
    announce(text) {
      const now = performance.now();
      if (now - lastAnnounced < 10000) return;
      lastAnnounced = now;
      $('announcer').textContent = text;
    },
  };
}
