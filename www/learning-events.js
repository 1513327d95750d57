// Learning events, lab -> host: what the learner did in a lesson, as the lesson panel
// (www/ui/lesson-panel.js) reports it, never read off the screen. Each goes to the host
// as its own message and, when the host asked for xAPI (link key xapi=1, or
// reglab:configure with settings: { xapi: 1 }), also as { type: 'reglab:xapi', statement }
// (www/xapi.js builds it).
import { LESSONS } from './lessons.js';
import { statementOf } from './xapi.js';

/**
 * `post(type, body)` sends to the host (www/host-api.js); `xapi()` says whether statements
 * are wanted now; `labUrl()` is the lab's address. Returns `learned(type, body)`.
 */
export function createLearningEvents({ post, xapi, labUrl }) {
  return function learned(type, body) {
    // The ids are for programs; the words are what the student saw, for a teacher's table.
    const lesson = LESSONS.find((l) => l.id === body.lesson);
    const title = lesson?.title ?? body.lesson;
    const words = body.answer ? { answerText: lesson?.question?.answers?.find(([id]) => id === body.answer)?.[1] ?? body.answer } : {};
    post(type, { ...body, title, ...words });
    if (!xapi()) return;
    post('reglab:xapi', { statement: statementOf({ type, ...body }, { labUrl: labUrl(), title, timestamp: new Date().toISOString() }) });
  };
}
