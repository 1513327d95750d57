// The training log in the book's format. The book's runs print a few hundred lines; a run
// with a test pass every iteration can print a hundred thousand, so the view keeps the
// last SHOWN lines and says how many came before.

const SHOWN = 1000;

export function createLog(element) {
  let lines = [];
  let leftOut = 0; // lines dropped from the front
  return {
    clear() { lines = []; leftOut = 0; element.textContent = ''; },
    add(more) {
      if (!more.length) return;
      lines.push(...more);
      if (lines.length > 2 * SHOWN) { leftOut += lines.length - SHOWN; lines = lines.slice(-SHOWN); }
      const cut = leftOut + Math.max(0, lines.length - SHOWN);
      element.textContent = `${cut ? `(${cut.toLocaleString('en')} earlier lines not shown)\n` : ''}${lines.slice(-SHOWN).join('\n')}`;
    },
  };
}
