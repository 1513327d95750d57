// A question asked in the page before something the learner made is lost (Clear, Replace,
// going past the cap, deleting a damaged copy). Not window.confirm: that one click on a
// browser dialog is the easiest for another site's page to stack under its own button,
// and the buttons here name what each does. One question at a time.
//
// `ask({ question, choices, after, hide?, returnTo? })`: the question and one button a
// choice [{ label, act, safe?, stay? }], inserted after `after`, standing in for `hide`
// while open. Focus goes to the safe choice (drawn as the main button), which Escape picks
// too; a choice with `stay` (Export first) leaves the question open and shows what its
// `act()` returns. After a choice focus goes back to `returnTo`, or to `fallback()` if that
// is gone.
export function createAsk(doc, { fallback }) {
  let open = null; // the open question's close(), or null

  return function ask({ question, choices, after, hide = null, returnTo = null }) {
    open?.();
    const box = doc.createElement('div');
    box.className = 'your-digits-ask';
    box.setAttribute('role', 'group');
    box.dataset.testid = 'your-digits-ask';
    const text = doc.createElement('p');
    text.id = 'your-digits-question';
    text.textContent = question;
    box.setAttribute('aria-labelledby', text.id);
    const buttons = doc.createElement('div');
    buttons.className = 'your-digits-ask-buttons';
    const said = doc.createElement('p');
    said.className = 'caption';
    said.setAttribute('aria-live', 'polite');
    const close = () => {
      box.remove();
      if (hide) hide.hidden = false;
      open = null;
    };
    const choose = (choice) => {
      if (choice.stay) { said.textContent = choice.act() ?? ''; return; }
      close();
      choice.act();
      const back = returnTo?.isConnected && !returnTo.hidden ? returnTo : fallback();
      back?.focus({ preventScroll: true });
    };
    const safe = choices.find((c) => c.safe);
    for (const choice of choices) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      if (choice === safe) button.className = 'primary';
      button.addEventListener('click', () => choose(choice));
      buttons.append(button);
    }
    box.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation(); // the pad's Escape (clear the drawing) is not meant here
      choose(safe);
    });
    box.append(text, buttons, said);
    after.after(box);
    if (hide) hide.hidden = true;
    open = close;
    buttons.children[choices.indexOf(safe)].focus({ preventScroll: true });
    box.scrollIntoView?.({ block: 'nearest' });
  };
}
