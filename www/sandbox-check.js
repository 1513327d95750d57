// A classic script (not a module) on purpose: in an <iframe sandbox="allow-scripts">
// without allow-same-origin the lab's origin is opaque ("null"), and the browser then
// refuses the lab's own module scripts (they are fetched with CORS), its training worker,
// its storage and its service worker. Nothing else of the lab runs there, so this says on
// screen what the course page must allow, and tells the host page too.
(function sandboxCheck() {
  if (self.origin !== 'null') return;
  var why = 'This lab is in a sandboxed frame that does not let it start. The course page must allow it: '
    + 'sandbox="allow-scripts allow-same-origin" on the iframe (or no sandbox attribute).';
  try { if (window.parent !== window) window.parent.postMessage({ type: 'reglab:error', message: why }, '*'); } catch (e) { /* no parent to tell */ }
  function show() {
    var status = document.getElementById('status-text');
    if (status) status.textContent = why;
    // Only the sentence: the panels around it could never work here.
    var parts = document.body.children;
    for (var k = 0; k < parts.length; k += 1) if (parts[k].id !== 'status' && parts[k].tagName !== 'SCRIPT') parts[k].style.display = 'none';
    var progress = document.getElementById('status-progress');
    if (progress) progress.hidden = true;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show); else show();
}());
