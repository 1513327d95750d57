// Who may show the lab inside their own page. The server cannot tell the full page from
// an embed (the `#embed=1` hash never reaches it), so it cannot send `frame-ancestors
// 'self'` for one and not the other; the page decides here instead:
// - not framed, or framed by its own origin: the full lab;
// - framed by another origin with `#embed=1`: the embed, as course pages use it (its
//   destructive controls ask inside the frame first, www/ui/your-digits-view.js);
// - framed by another origin without it: only a notice with a link to open the lab in
//   its own tab, and nothing else on the page (an invisible full page under another
//   site's button is how a click cleared a learner's digits).
// Imported by www/ui/your-digits-view.js, so it runs before www/main.js's body.

/** 'top' (not framed), 'own' (every ancestor is this origin) or 'other'. */
export function framing(win = window) {
  if (win.top === win) return 'top';
  const origin = win.location.origin;
  // Chrome and Safari list every ancestor's origin; elsewhere, walk up as far as we may.
  const listed = win.location.ancestorOrigins;
  if (listed) return [...listed].every((o) => o === origin) ? 'own' : 'other';
  try {
    for (let w = win.parent; ; w = w.parent) {
      if (w.location.origin !== origin) return 'other'; // throws if another origin: caught below
      if (w === w.top) return 'own';
    }
  } catch {
    return 'other';
  }
}

/** The hash asks for an embed (the link key `embed`, www/state.js). */
export const embedHash = (hash) => new URLSearchParams(hash.replace(/^#/, '')).get('embed') === '1';

/** The lab is inside another site's page. */
export const framedByOther = () => framing() === 'other';

/** Hides the whole page behind a notice that links to the lab in its own tab. */
export function showOwnTabNotice(doc = document) {
  if (doc.getElementById('frame-notice')) return;
  const notice = doc.createElement('div');
  notice.id = 'frame-notice';
  notice.className = 'frame-notice';
  notice.setAttribute('role', 'alert');
  const text = doc.createElement('p');
  text.textContent = 'This page shows the Regularization Lab inside another site. To train, draw and keep your digits, open the lab in its own tab.';
  const link = doc.createElement('a');
  link.href = doc.location.href.split('#')[0];
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Open the lab in its own tab';
  notice.append(text, link);
  doc.body.prepend(notice);
  // style.css hides every other child of the body: no control under the notice takes a click.
  doc.documentElement.classList.add('framed-away');
}

if (typeof window !== 'undefined' && framedByOther()) {
  // A hash changed later (the framing page sets iframe.src) may turn an embed into the full page.
  addEventListener('hashchange', () => { if (!embedHash(location.hash)) showOwnTabNotice(); });
  if (!embedHash(location.hash)) {
    showOwnTabNotice();
    // Never finishes: every module that imports this one, www/main.js among them, waits for
    // it, so the lab (its worker, its controls, its storage) never starts in such a frame.
    await new Promise(() => {});
  }
}
