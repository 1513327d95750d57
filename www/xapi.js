// Learning events (www/learning-events.js) as xAPI statements, for a course platform that
// keeps a learning record store. Pure: no DOM, no clock of its own (the timestamp is
// given), unit-tested in tests/xapi.test.mjs. A statement carries no actor and nothing
// personal: the lab does not know who the learner is; the platform adds the actor when
// it stores the statement.

const ADL = 'http://adlnet.gov/expapi/verbs/';
/** Which ADL verb each learning event is. */
const VERBS = Object.freeze({
  'reglab:lesson-started': 'attempted',
  'reglab:answered': 'answered',
  'reglab:lesson-finished': 'completed',
});
export const XAPI_EVENTS = Object.freeze(Object.keys(VERBS));

/**
 * The xAPI statement for one learning event: `event` is { type, lesson, answer?, correct? },
 * `labUrl` the lab's address without a hash, `title` the lesson's title, `timestamp` an ISO
 * 8601 string. Throws for an event that is not a learning event.
 */
export function statementOf(event, { labUrl, title, timestamp }) {
  const verb = VERBS[event.type];
  if (!verb) throw new Error(`${event.type} is not a learning event`);
  const statement = {
    verb: { id: `${ADL}${verb}`, display: { 'en-US': verb } },
    object: {
      objectType: 'Activity',
      id: `${String(labUrl).split('#')[0]}#lesson=${encodeURIComponent(event.lesson)}`,
      definition: { name: { 'en-US': title }, type: 'http://adlnet.gov/expapi/activities/lesson' },
    },
    timestamp,
  };
  if (verb === 'answered') statement.result = { response: event.answer };
  if (verb === 'completed') {
    statement.result = { completion: true, ...(event.answer ? { response: event.answer } : {}) };
    if (typeof event.correct === 'boolean') statement.result.success = event.correct;
  }
  return statement;
}
