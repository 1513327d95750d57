// What a link or a host page may ask of the lab, turned into the run controller's actions:
// a hash that changed, a host's `reglab:*` command (www/host-api.js checks its shape),
// which panels show, and the URL kept in step with the state. Nothing here sends to the
// worker itself. The one place a teacher's `hide=` and `lock=` are enforced: the link the
// lab opened with fixes those settings (and hide/lock themselves), and a later hash, a
// host's reglab:configure or a preset that would change one is refused, saying which.
import { LESSON_IDS } from './lessons.js';
import { SETTINGS } from './core.js';

/** What the learner reads for each fixed name (the host's reglab:error names the keys). */
const PAGE_LABELS = { speed: 'the speed', dataset: 'the dataset', lesson: 'the lesson', hide: 'the hidden controls', lock: 'the locked controls' };
const labelOf = (name) => SETTINGS.find((row) => row.name === name)?.label ?? PAGE_LABELS[name] ?? name;

const $ = (id) => document.getElementById(id);

export function createHostCommands({ run, links, lessons, controls, status, autoEmbed, embedded, initialPanels, initialXapi = '0' }) {
  let panels = initialPanels.split(',');
  // Fixed for the page's life: only a new page (a new link) may lift them.
  const opened = links.parse(location.hash).state;
  const rules = links.restrictions(opened);

  /** The fixed names (and hide/lock themselves) a next link state would change. */
  function refusedIn(next) {
    const now = urlState();
    const changed = [...rules.fixed].filter((name) => next[name] !== undefined && String(next[name]) !== String(now[name]));
    for (const key of ['hide', 'lock']) if (next[key] !== undefined && next[key] !== opened[key]) changed.push(key);
    // A lesson brings its own settings: with any setting fixed, the lesson is fixed too.
    // (The lesson the link opened may be taken again once it has ended.)
    if (rules.fixed.size && next.lesson !== undefined && next.lesson !== now.lesson && next.lesson !== opened.lesson) changed.push('lesson');
    return changed;
  }

  function refusalText(names) {
    return `This lab's link keeps ${names.join(', ')} fixed (hide= or lock=); the change was refused and nothing changed`;
  }

  function showRefusal(names) {
    status.notice('A change was refused', [`The link this lab was opened with keeps ${names.map(labelOf).join(', ')} as ${names.length > 1 ? 'they are' : 'it is'}; nothing changed.`]);
  }

  let xapi = initialXapi; // '1': learning events also go out as xAPI statements

  /** Everything a link restores, as it is now (see state.js). */
  function urlState() {
    const { config, dataset } = run.state();
    return {
      ...config, speed: controls.speedPosition(), dataset,
      lesson: lessons.id(), embed: embedded ? '1' : '0', panels: panels.join(','),
      hide: opened.hide, lock: opened.lock, xapi,
    };
  }

  function updateUrl() {
    history.replaceState(null, '', `${location.pathname}${location.search}${links.toHash(urlState())}`);
  }

  function showLinkNotices(notices) {
    status.notice('Some settings in this link were not valid and were replaced by defaults', notices);
  }

  function showPanels(next) {
    panels = next;
    for (const section of document.querySelectorAll('[data-panel]')) section.hidden = !panels.includes(section.dataset.panel);
  }

  /** Applies a link (the page's hash changed, or a host sent settings); returns its notices. */
  function applyLink(hash) {
    const next = links.parse(hash);
    const refused = refusedIn(next.state);
    if (refused.length) {
      showRefusal(refused);
      updateUrl(); // the address bar goes back to what the lab does
      return [refusalText(refused)];
    }
    if (next.notices.length) showLinkNotices(next.notices);
    xapi = next.state.xapi;
    controls.setSpeedPosition(next.state.speed);
    run.speed(controls.speed());
    showPanels(next.state.panels.split(','));
    const config = links.configOf(next.state);
    if (next.state.dataset !== run.state().dataset) {
      lessons.end();
      $('dataset').value = next.state.dataset;
      run.load(next.state.dataset);
      run.configure(config, { train: autoEmbed }); // kept until the data is there
    } else if (next.state.lesson && next.state.lesson !== lessons.id()) {
      lessons.start(next.state.lesson);
    } else {
      if (!next.state.lesson) lessons.end();
      controls.setConfig(config);
      run.configure(config, { train: autoEmbed });
    }
    updateUrl();
    return next.notices;
  }

  /** What a course page asked for (see host-api.js); throws a sentence for reglab:error. */
  function hostCommand(command) {
    const { phase, failure } = run.state();
    if (phase === 'failed' && failure?.kind === 'worker') throw new Error('The training worker stopped; reload the lab.');
    const refused = (result) => { if (!result.ok) throw new Error(`${command.type}: ${result.why}`); };
    switch (command.type) {
      case 'reglab:configure': {
        const keys = Object.keys(command.settings);
        if (keys.length === 1 && keys[0] === 'xapi') { // a reporting choice: the run stays as it is
          if (!['0', '1'].includes(command.settings.xapi)) throw new Error(`xapi=${command.settings.xapi.slice(0, 40)} must be 1 or 0`);
          xapi = command.settings.xapi;
          updateUrl();
          return;
        }
        const params = new URLSearchParams(links.toHash(urlState()).slice(1));
        for (const [key, value] of Object.entries(command.settings)) params.set(key, value);
        const refused = refusedIn(links.parse(`#${params}`).state);
        if (refused.length) { showRefusal(refused); throw new Error(`reglab:configure: ${refusalText(refused)}`); }
        const notices = applyLink(`#${params}`);
        if (notices.length) throw new Error(`Some settings were replaced by defaults: ${notices.join('; ')}`);
        return;
      }
      case 'reglab:train': {
        const result = run.train();
        // Asked again while it goes: nothing to do, and nothing lost.
        if (!result.ok && !['running', 'waiting'].includes(run.state().phase)) refused(result);
        return;
      }
      case 'reglab:pause': run.pause(); return;
      case 'reglab:reset': refused(run.reset()); return;
      case 'reglab:lesson':
        if (!LESSON_IDS.includes(command.id)) throw new Error(`There is no lesson ${command.id.slice(0, 40)} (${LESSON_IDS.join(', ')})`);
        if (refusedIn({ ...urlState(), lesson: command.id }).length) { showRefusal(['lesson']); throw new Error(`reglab:lesson: ${refusalText(['lesson'])}`); }
        lessons.start(command.id);
        if (command.run) run.train();
        return;
      default:
        throw new Error(`${command.type} is not handled`);
    }
  }

  const refusedBy = (change) => refusedIn({ ...urlState(), ...change });
  controls.restrict(rules, refusedBy);
  lessons.restrict(refusedBy, labelOf);

  return { urlState, updateUrl, showLinkNotices, showPanels, applyLink, hostCommand, xapi: () => xapi === '1' };
}
