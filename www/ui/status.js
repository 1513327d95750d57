// The status line (loading, errors with one action button), the notice for replaced link
// settings, and the calm announcements for screen readers.

export function createStatus(doc) {
  const $ = (id) => doc.getElementById(id);
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
    notice(text) {
      $('notice').hidden = false;
      $('notice').textContent = text;
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
