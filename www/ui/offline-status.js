// The line under the status that says whether this lab works with no network yet, from what
// sw.js reports about this lab's cache ("Available offline", or "Not yet available offline:
// 4.2 MB to go"), and the offer of a new version ("A new version of the lab is ready:
// Reload"), which reloads only when the learner presses it. Hidden where there is no service
// worker (a page opened from a file, a browser without them). Not a live region: the figure
// changes with every file cached; one calm announcement says when the lab is ready offline
// and one when a new version is.
// Messages: page → sw 'reglab:status' (asks), 'reglab:backfill' (the page's own data is
// loaded: fetch what is still missing now), 'reglab:skip-waiting' (Reload pressed);
// sw → page 'reglab:offline' { missingBytes, missingFiles, files }, 'reglab:other-pages' { count }.

const mb = (n) => (n / 1e6).toFixed(1);

/** `run`: the run controller; its `dataComplete` says the page's own download is done. */
export function watchOffline(doc, nav, run) {
  const sw = nav.serviceWorker;
  const box = doc.getElementById('offline-status');
  if (!box || !sw || doc.location.protocol === 'file:') return;
  const make = (tag, props) => Object.assign(doc.createElement(tag), props);
  const text = make('span', { textContent: 'Not yet available offline' });
  const reload = make('button', { type: 'button', textContent: 'Reload', hidden: true });
  const said = make('span', { className: 'visually-hidden' });
  said.setAttribute('aria-live', 'polite');
  box.replaceChildren(text, reload, said);
  box.hidden = false;

  let ready = null; // null until the service worker first says
  let offered = false;
  let pressed = false;
  const show = () => {
    box.classList.toggle('ready', ready === true && !offered);
    box.classList.toggle('update', offered);
  };
  sw.addEventListener('message', (event) => {
    const message = event.data ?? {};
    // A new build's worker reports on its own cache while this page runs the old one.
    if (sw.controller && event.source !== sw.controller && message.kind === 'reglab:offline') return;
    if (message.kind === 'reglab:offline' && !offered) {
      const now = message.missingFiles === 0;
      text.textContent = now ? 'Available offline' : `Not yet available offline: ${mb(message.missingBytes)} MB to go`;
      if (now && ready === false) said.textContent = 'The lab now works without a network.';
      ready = now;
      show();
    } else if (message.kind === 'reglab:other-pages') {
      pressed = false;
      text.textContent = `A new version of the lab is ready: close the lab's other ${message.count === 1 ? 'tab' : `${message.count} tabs`}, then`;
    }
  });

  sw.ready.then((registration) => {
    (sw.controller ?? registration.active)?.postMessage({ kind: 'reglab:status' });
    const offer = () => {
      if (!registration.waiting || !sw.controller || offered) return;
      offered = true;
      text.textContent = 'A new version of the lab is ready:';
      reload.hidden = false;
      said.textContent = 'A new version of the lab is ready. Press Reload to use it.';
      show();
    };
    offer();
    registration.addEventListener('updatefound', () => {
      const next = registration.installing;
      next?.addEventListener('statechange', () => { if (next.state === 'installed') offer(); });
    });
    reload.addEventListener('click', () => {
      pressed = true;
      if (registration.waiting) registration.waiting.postMessage({ kind: 'reglab:skip-waiting' });
      else doc.location.reload();
    });
    // The new build took over because Reload was pressed here (the first install's claim is not that).
    sw.addEventListener('controllerchange', () => { if (pressed) doc.location.reload(); });
  });

  // On the first visit the training worker downloads the data before the service worker
  // exists; once it is in, the service worker may fetch what is missing without racing it.
  const stop = run.subscribe((state) => {
    if (!state.dataComplete) return;
    stop();
    sw.ready.then((registration) => registration.active?.postMessage({ kind: 'reglab:backfill' }));
  });
}
