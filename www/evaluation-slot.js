// The training worker's one slot at the evaluator: at most one weight snapshot is on its
// way to (or inside) the evaluator at a time, so memory stays bounded whatever the
// settings or the host page ask. What waits behind it is a promise, not a copy of the
// weights: the snapshot is taken when the slot is free.
//   - a test pass (`test(point)`): training waits for the slot (`blocks()` is true), so the
//     snapshot is still the weights after that iteration and no test pass is dropped;
//   - early stopping's restored weights (`restored(best)`), once, at the run's end;
//   - the sample grid of a fresh run or another grid mode (`wantGrid()`): latest wins, and
//     a test pass refreshes the grid too.
// Each item remembers its run; one left over from an old run is dropped unsent, and an
// old run's answer in flight is discarded when it comes back.
import { EvaluatorReply, EvaluatorRequest } from './protocol.js';

/**
 * `run()`: the current run's id (or null); `snapshot(point)` -> { runId, hidden, weights,
 * samples } or null; `answered(what, reply)` and `failed(what, message)` for the current
 * run's answers, where `what` is { point } | { restored } | { grid }.
 */
export function createEvaluationSlot(evaluator, { run, snapshot, answered, failed }) {
  let nextId = 0;
  let inFlight = null; // { id, runId, what }
  let waitingTest = null; // { runId, point }
  let waitingRestored = null; // { runId, best }
  let gridWanted = null; // the run id that wants a grid

  function dispatch() {
    if (inFlight) return;
    const current = run();
    if (waitingTest?.runId !== current) waitingTest = null;
    if (waitingRestored?.runId !== current) waitingRestored = null;
    if (gridWanted !== current) gridWanted = null;
    let what = null;
    if (waitingTest) { what = { point: waitingTest.point }; waitingTest = null; gridWanted = null; }
    else if (waitingRestored) { what = { restored: waitingRestored.best }; waitingRestored = null; gridWanted = null; }
    else if (gridWanted !== null) { what = { grid: true }; gridWanted = null; }
    if (!what) return;
    const taken = snapshot(what.point ?? null);
    if (!taken) return;
    const { runId, weights, hidden, samples } = taken;
    nextId += 1;
    inFlight = { id: nextId, runId, what };
    evaluator.postMessage({ kind: EvaluatorRequest.EVALUATE, id: nextId, hidden, weights, samples }, [weights.buffer]);
  }

  evaluator.onmessage = ({ data: reply }) => {
    if (!inFlight || reply.id !== inFlight.id) return;
    const { runId, what } = inFlight;
    inFlight = null;
    if (runId === run()) {
      if (reply.kind === EvaluatorReply.EVALUATED) answered(what, reply);
      else failed(what, reply.kind === EvaluatorReply.FAILED ? reply.message : `unknown evaluator reply: ${reply.kind}`);
    }
    dispatch();
  };

  return {
    /** A test pass of `point` (the iteration just ended); training waits until it is sent. */
    test(point) { waitingTest = { runId: run(), point }; dispatch(); },
    /** The restored weights' test pass (`best`: early stopping's best as of its stop). */
    restored(best) { waitingRestored = { runId: run(), best }; dispatch(); },
    /** The sample grid for the weights as they are (a fresh run, or another mode). */
    wantGrid() { gridWanted = run(); dispatch(); },
    /** True while a test pass waits for the slot: training must not go past it. */
    blocks: () => waitingTest !== null && waitingTest.runId === run(),
    /** Snapshots in flight or waiting (at most one of each kind): for the tests of bounded memory. */
    size: () => Number(Boolean(inFlight)) + Number(Boolean(waitingTest)) + Number(Boolean(waitingRestored)),
  };
}
