// What the Share dialog's link builder makes of a teacher's choices, and the sentence that
// says what the embed will then do. Pure (no DOM), so tests/links.test.mjs checks the words
// against the rules they describe:
//   - `panels` with `lessons` and a `lesson=`: the embed opens the lesson and trains nothing
//     until the student has answered its question and pressed "Start the run";
//   - with the Experiment panel (`controls`): the student starts the run with Train, which
//     sits by the learning curves, so without `curves` only the host page can start it;
//   - otherwise the embed trains by itself while it is shown (on screen, its tab visible,
//     in a slide deck its slide current) and pauses when it is not (www/embed.js).

/**
 * `state`: the page's link state (www/state.js); `choice`: { lesson, seed, panels: [],
 * access: { name: 'free' | 'locked' | 'hidden' }, lockAll }. Returns the states of the
 * full-page link and of the embed. A lesson is shown in the embed (its panel added), since
 * a lesson that cannot be seen cannot be answered.
 */
export function buildLinks(state, { lesson, seed, panels, access, lockAll }) {
  const named = (kind) => Object.keys(access).filter((name) => access[name] === kind);
  const hide = named('hidden').join(',');
  const lock = lockAll ? 'all' : named('locked').join(',');
  const shared = { ...state, lesson, seed, hide, lock };
  const embedPanels = lesson && !panels.includes('lessons') ? ['lessons', ...panels] : panels;
  return { page: { ...shared, embed: '0' }, embed: { ...shared, embed: '1', panels: embedPanels.join(',') } };
}

/** The sentence under the embed code: what the embed does with these panels and lesson. */
export function embedBehaviour({ panels, lesson, lessonTitle }) {
  if (lesson && panels.includes('lessons')) {
    return `The embed opens the lesson “${lessonTitle}” and trains nothing until the student has answered its question and pressed Start the run.`;
  }
  if (panels.includes('controls')) {
    if (panels.includes('curves')) return 'Nothing trains by itself: the student sets up the run and presses Train (above the learning curves).';
    return 'Nothing trains by itself, and the Train button is in the Learning curves panel, which this embed leaves out: add that panel, or start the run from the host page (reglab:train).';
  }
  if (panels.every((p) => p === 'draw')) {
    return 'The embed is the drawing pad alone: a ready model (trained on all 60,000 images) reads what the student draws. Nothing trains, and it loads in a moment (about 0.4 MB).';
  }
  return 'The embed trains its run by itself while it is shown (on screen; in a slide deck, while its slide is the current one) and pauses when it is not; the button in its status line pauses or trains it again.';
}
