// What a session keeps: the record saved on the device while it runs, its
// entries, and the log it becomes. Also the self-test comparisons shown to the
// person. Pure functions; the field names are the sync API's.

export const LOOSER = { left: "Looser side: left", right: "Looser side: right", same: "Both sides feel the same" };

export const sideWords = (side) => (side === "left" ? "Left foot" : side === "right" ? "Right foot" : "");

export const firstSentence = (text) => text.split(/(?<=[.!?])\s+/)[0];

// Changes whenever the program's steps do, so a saved session is never
// resumed onto different steps.
export const shapeOf = (steps) => steps.map((s) => `${s.kind}:${s.ref}:${s.side}`).join("|");

// A session left untouched this long is not resumed: what was done becomes an
// unfinished log, and the next visit starts afresh.
const STALE_MS = 12 * 60 * 60 * 1000;

export function isOver(session, now = Date.now()) {
  return Boolean(session.finished || session.stopped_reason || now - Date.parse(session.updated_at) > STALE_MS);
}

export function newSession(program, shape, id, time) {
  return {
    id, program, shape, started_at: time, updated_at: time, ended_at: null,
    step: 0, phase: 0, elapsed: 0, entries: {}, finished: false, stopped_reason: null, feeling: null,
    looser: null, saved: false,
  };
}

export function newEntry(steps, index) {
  const step = steps[index];
  const entry = {
    exercise: step.ref, side: step.side, reps: null, seconds: null, pressure: null, pain: null,
    skipped: false, skip_reason: null, note: "",
  };
  if (step.kind === "test") Object.assign(entry, { kind: "test", moment: step.moment, side: testSide(steps, index), value: null });
  return entry;
}

// A check between or after the feet belongs to the foot just worked, so each
// side's change can be told apart.
export function testSide(steps, index) {
  if (steps[index].moment === "before") return null;
  for (let i = index - 1; i >= 0; i -= 1) if (steps[i].side) return steps[i].side;
  return null;
}

export function entriesInOrder(session) {
  return Object.keys(session.entries).map(Number).sort((a, b) => a - b).map((i) => session.entries[i]);
}

export function buildLog(session) {
  return {
    id: session.id, program: session.program, started_at: session.started_at,
    ended_at: session.ended_at || session.updated_at, entries: entriesInOrder(session),
    stopped_reason: session.stopped_reason, feeling: session.feeling, note: "",
  };
}

export function testResult(session, moment) {
  return entriesInOrder(session).find((e) => e.kind === "test" && e.moment === moment && !e.skipped && e.value != null);
}

// A self-test's change, signed, and whether it is for the better.
export function change(before, after, higherIsBetter) {
  if (before == null || after == null) return null;
  const delta = Math.round((after - before) * 10) / 10;
  const better = delta === 0 ? null : (delta > 0) === higherIsBetter;
  return { delta, better };
}

export function describeChange(result, unit) {
  if (!result) return "";
  const sign = result.delta > 0 ? "+" : result.delta < 0 ? "−" : "±";
  const size = `${sign}${Math.abs(result.delta)} ${unit}`;
  return result.better === null ? `${size}, no change` : `${size}, ${result.better ? "better" : "less good"}`;
}

// What a new result means next to the earlier ones: after the first foot,
// the change since the start; at the end, the second foot's share and the whole.
export function changeSummary(session, steps, index, value, test) {
  const moment = steps[index].moment;
  const before = testResult(session, "before");
  const between = testResult(session, "between");
  const since = (start) => describeChange(change(start.value, value, test.higher_is_better), test.unit);
  const lines = [];
  if (moment === "between" && before) lines.push(`Since the start: ${since(before)}`);
  if (moment === "after") {
    if (between) lines.push(`${sideWords(testSide(steps, index))} work: ${since(between)}`);
    if (before) lines.push(`Since the start: ${since(before)}`);
  }
  return lines.join(" · ");
}

function comparedWithStart(result, unit) {
  if (result.better === null) return "the same as at the start";
  return `${Math.abs(result.delta)} ${unit} ${result.better ? "better" : "less good"} than at the start`;
}

export function resultLines(session, tests) {
  const before = testResult(session, "before");
  return entriesInOrder(session).filter((e) => e.kind === "test" && e.value != null).map((entry) => {
    const test = tests[entry.exercise];
    const when = { before: "before", between: `after the ${entry.side || "first"} foot`, after: "at the end" }[entry.moment];
    const delta = entry.moment === "before" || !before ? "" : `, ${comparedWithStart(change(before.value, entry.value, test.higher_is_better), test.unit)}`;
    return `${test.name}, ${when}: ${entry.value} ${test.unit}${delta}${entry.note ? `. ${entry.note}` : ""}`;
  });
}
