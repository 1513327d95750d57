// The status line (loading, errors with one action button), the notice for replaced link
// settings, and the calm announcements for screen readers.

/** Notice lines shown before "and N more" (a hostile link can carry hundreds). */
const SHOWN = 3;

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
  $('retry').addEventListener('click', () => action?.());
  return {
    /** `action`: [button label, what it does], offered with an error. */
    show(text, { progress = null, error = false, action: offered = null } = {}) {
      $('status-text').textContent = text;
      $('status').classList.toggle('error', error);
      $('status').classList.toggle('done', progress === null);
      if (progress !== null) $('status-progress').value = progress;
      $('retry').hidden = !offered;
      [$('retry').textContent, action] = offered ?? ['', null];
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
