// A classic script (not a module) on purpose: in an <iframe sandbox="allow-scripts">
// without allow-same-origin the lab's origin is opaque ("null"), and the browser then
// refuses the lab's own module scripts (they are fetched with CORS), its training worker,
// its storage and its service worker. Nothing else of the lab runs there, so this says on
// screen what the course page must allow, and tells the host page too.
(function sandboxCheck() {
  if (self.origin !== 'null') return;
  var needs = 'sandbox="allow-scripts allow-same-origin"';
  var why = 'This lab is in a sandboxed frame that does not let it start. The course page must allow it: '
    + needs + ' on the iframe (or no sandbox attribute).';
  try { if (window.parent !== window) window.parent.postMessage({ type: 'reglab:error', message: why }, '*'); } catch (e) { /* no parent to tell */ }
  function show() {
    var status = document.getElementById('status-text');
    if (status) {
      // First what a student can do, then what the page's author must change, with the
      // attribute's words never split at their hyphens (a phone's line may still break between them).
      var code = document.createElement('code');
      needs.split(' ').forEach(function (word, k) {
        var piece = document.createElement('span');
        piece.textContent = word;
        piece.style.whiteSpace = 'nowrap';
        code.append(k ? ' ' : '', piece);
      });
      status.replaceChildren('This lab cannot start inside this page, which puts it in a sandbox that blocks it. '
        + 'Tell your teacher, or whoever made the page: the iframe needs ', code, ' (or no sandbox attribute).');
    }
    // Only the sentence: the panels around it could never work here.
    var parts = document.body.children;
    for (var k = 0; k < parts.length; k += 1) if (parts[k].id !== 'status' && parts[k].tagName !== 'SCRIPT') parts[k].style.display = 'none';
    var progress = document.getElementById('status-progress');
    if (progress) progress.hidden = true;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show); else show();
}());
