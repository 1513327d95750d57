// Unit tests of www/frame-guard.js under Node: who is framing the lab (every ancestor's
// origin counts, as frame-ancestors counts them), and which hash asks for an embed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedHash, framing } from '../www/frame-guard.js';

const LAB = 'https://lab.example';
/** A window chain, innermost first: each { origin } framed by the next; the last is top. */
function chain(origins, { listed = true } = {}) {
  const wins = origins.map((origin) => ({ origin }));
  const top = wins.at(-1);
  wins.forEach((w, i) => {
    const origin = origins[i];
    w.top = top;
    w.parent = wins[i + 1] ?? w;
    // Another origin's location cannot be read: it throws, as a browser's does.
    w.location = {
      get origin() { if (origin !== origins[0]) throw new Error('SecurityError'); return origin; },
      ancestorOrigins: listed ? origins.slice(i + 1) : undefined,
    };
  });
  return wins[0];
}

test('framing: not framed, framed by its own origin, framed by another anywhere up', () => {
  for (const listed of [true, false]) {
    assert.equal(framing(chain([LAB], { listed })), 'top');
    assert.equal(framing(chain([LAB, LAB], { listed })), 'own');
    assert.equal(framing(chain([LAB, LAB, LAB], { listed })), 'own');
    assert.equal(framing(chain([LAB, 'https://course.example'], { listed })), 'other');
    // Its own origin right above, another site at the top: still framed by another.
    assert.equal(framing(chain([LAB, LAB, 'https://evil.example'], { listed })), 'other');
    assert.equal(framing(chain([LAB, 'https://evil.example', LAB], { listed })), 'other');
  }
});

test('embedHash: only embed=1 asks for an embed', () => {
  assert.equal(embedHash('#embed=1&panels=draw'), true);
  assert.equal(embedHash('#panels=draw&embed=1'), true);
  for (const hash of ['', '#', '#embed=0', '#embed=true', '#panels=draw', '#xembed=1']) assert.equal(embedHash(hash), false, hash);
});
