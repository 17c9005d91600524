// The phases a step is played in, and what has been done at a point in them.
// Pure functions of the step and the elapsed time, so the player can rebuild
// any moment from stored timestamps after a pause, a hidden page or a reload.

// The step's times come from the session data (core/session.py): its
// get-ready, the tempo of its reps, its rest. These stand in only for a step
// handed over without them.
const REST_SECONDS = 10;
const SET_REST_SECONDS = 5;
const REP_SECONDS = 3;
// Touching a rating in the rest leaves at least this long before the next
// step, so a second rating never races the clock and nothing has to be confirmed.
export const RATING_SECONDS = 6;

export function phasesOf(step) {
  if (step.kind === "test") return [{ type: "test", seconds: null }];
  const phases = [];
  if (step.switch_seconds) phases.push({ type: "switch", seconds: step.switch_seconds });
  for (let set = 1; set <= step.sets; set += 1) {
    if (set === 1 && step.get_ready_seconds) phases.push({ type: "ready", seconds: step.get_ready_seconds, set });
    if (set > 1) phases.push({ type: "between-sets", seconds: step.set_rest_seconds || SET_REST_SECONDS, set });
    if (step.reps) {
      const each = step.rep_seconds || REP_SECONDS;
      phases.push({ type: "reps", seconds: step.reps * each, each, reps: step.reps, set });
    } else {
      phases.push({ type: "hold", seconds: step.seconds, set });
    }
  }
  phases.push({ type: "rest", seconds: step.rest_seconds || REST_SECONDS });
  return phases;
}

export const isWork = (phase) => phase.type === "reps" || phase.type === "hold";

// Reps finished and seconds held in the step, at elapsedMs into phase `index`.
export function doneSoFar(phases, index, elapsedMs) {
  let reps = 0;
  let seconds = 0;
  phases.forEach((phase, i) => {
    if (!isWork(phase) || i > index) return;
    const ms = i < index ? phase.seconds * 1000 : Math.min(elapsedMs, phase.seconds * 1000);
    seconds += ms / 1000;
    if (phase.type === "reps") reps += Math.floor(ms / 1000 / phase.each + 1e-9);
  });
  return { reps, seconds };
}

// Which of the step's cues belongs to this moment: they are spread evenly
// over the work, in the order the content gives them.
export function cueIndex(step, phases, index, elapsedMs) {
  const total = phases.filter(isWork).reduce((sum, p) => sum + p.seconds, 0);
  if (!total || step.cues.length < 2) return 0;
  const { seconds } = doneSoFar(phases, index, elapsedMs);
  return Math.min(step.cues.length - 1, Math.floor((seconds / total) * step.cues.length));
}

export function remainingSeconds(phase, elapsedMs) {
  return Math.max(0, Math.ceil(phase.seconds - elapsedMs / 1000 - 1e-9));
}

export function currentRep(phase, elapsedMs) {
  return Math.min(phase.reps, Math.floor(elapsedMs / 1000 / phase.each) + 1);
}

// The elapsed time of a rest once the person reaches for a rating: unchanged
// if enough is left, otherwise set back so RATING_SECONDS remain.
export function restForRating(phase, elapsedMs) {
  return Math.min(elapsedMs, Math.max(0, phase.seconds - RATING_SECONDS) * 1000);
}
