// What a link or a host page may ask of the lab, turned into the run controller's actions:
// a hash that changed, a host's `reglab:*` command (www/host-api.js checks its shape),
// which panels show, and the URL kept in step with the state. Nothing here sends to the
// worker itself.
import { LESSON_IDS } from './lessons.js';

const $ = (id) => document.getElementById(id);

export function createHostCommands({ run, links, lessons, controls, status, autoEmbed, embedded, initialPanels, initialXapi = '0' }) {
  let panels = initialPanels.split(',');
  let xapi = initialXapi; // '1': learning events also go out as xAPI statements

  /** Everything a link restores, as it is now (see state.js). */
  function urlState() {
    const { config, dataset } = run.state();
    return {
      ...config, speed: controls.speedPosition(), dataset,
      lesson: lessons.id(), embed: embedded ? '1' : '0', panels: panels.join(','), xapi,
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
        lessons.start(command.id);
        if (command.run) run.train();
        return;
      default:
        throw new Error(`${command.type} is not handled`);
    }
  }

  return { urlState, updateUrl, showLinkNotices, showPanels, applyLink, hostCommand, xapi: () => xapi === '1' };
}
