// The guided session player: one step at a time, hands-free, saved on the
// device as it goes. Every exercise word comes from the page's session data.

import { COUNT, CUE, SAFETY, STEP, ScreenKeeper, Tones, Voice } from "./cues.js";
import { LOOSER, buildLog, changeSummary, firstSentence, isOver, newEntry, newSession, shapeOf, sideWords } from "./record.js";
import { $, Screen, phaseName } from "./screen.js";
import { Outbox, describeStatus, newId, openStore, settleSessions } from "./sync.js";
import { cueIndex, currentRep, doneSoFar, isWork, phasesOf, restForRating } from "./timeline.js";

const data = JSON.parse($("session-data").textContent);
const csrf = JSON.parse($("csrf-token").textContent);
const steps = data.steps;
const phasesByStep = steps.map(phasesOf);
const shape = shapeOf(steps);
const speed = readSpeed();
// Class mode: a teacher shows the session to a room. The screen is no one's,
// so nothing is saved on the device or sent (see coaching/classroom.py).
const classMode = data.class === true;

const voice = new Voice();
const tones = new Tones();
const keeper = new ScreenKeeper(() => { $("awake-note").hidden = false; });
const screen = new Screen(data);

let store = null;
let outbox = null;
// Settles once the device's store is open and any saved session is dealt with.
let ready = Promise.resolve();
let session = null; // what is saved on the device while the session runs
let running = false;
let phaseStart = 0; // performance.now() at which the current phase would have begun
let ticker = null;
let lastSaved = 0;
let spoken = {}; // the last rep and cue said aloud, so each is said once
let undo = null;
let hiddenAt = null;

// ?speed=N runs every timer N times faster, for demonstrations and tests.
function readSpeed() {
  const asked = Number(new URLSearchParams(location.search).get("speed") || $("player").dataset.speed || 1);
  return Number.isFinite(asked) ? Math.min(Math.max(asked, 1), 1000) : 1;
}

const nowIso = () => new Date().toISOString();
const say = (text, priority, ttl) => voice.say(text, priority, ttl);
const current = () => {
  const phases = phasesByStep[session.step];
  return { step: steps[session.step], phases, phase: phases[session.phase] };
};
// Time is read from the clock, never counted in ticks: a throttled or
// sleeping page picks up exactly where the time says it is.
const elapsed = () => (running ? (performance.now() - phaseStart) * speed : session.elapsed);

function setElapsed(ms) {
  session.elapsed = ms;
  phaseStart = performance.now() - ms / speed;
}

function render() {
  if (session && screen.view === "stage") {
    screen.step({ session, steps, ...current(), ms: elapsed(), running });
  }
}

// ---- saving ------------------------------------------------------------------

function save() {
  if (classMode || !session || session.saved) return;
  session.elapsed = elapsed();
  session.updated_at = nowIso();
  lastSaved = performance.now();
  store.put("sessions", session.program, session).catch(() => {});
}

// Moves a session from "in progress" to the outbox; from then on it is a log.
async function finalize(record) {
  if (classMode || record.saved) return;
  record.saved = true;
  await outbox.add(buildLog(record));
  await store.delete("sessions", record.program);
}

function entry(index = session.step) {
  session.entries[index] ??= newEntry(steps, index);
  return session.entries[index];
}

function recordProgress(atMs = elapsed()) {
  const { step, phases, phase } = current();
  if (step.kind !== "exercise" || !isWork(phase)) return;
  const done = doneSoFar(phases, session.phase, atMs);
  entry().reps = step.reps ? done.reps : null;
  entry().seconds = step.reps ? null : Math.round(done.seconds);
}

// ---- the clock ---------------------------------------------------------------

function play() {
  running = true;
  phaseStart = performance.now() - session.elapsed / speed;
  keeper.keep();
  clearInterval(ticker);
  ticker = setInterval(tick, 200);
  render();
  save();
}

function halt() {
  session.elapsed = elapsed();
  running = false;
  clearInterval(ticker);
  keeper.release();
}

function pause() {
  halt();
  voice.clear();
  screen.announce("Paused");
  render();
  save();
}

function toggle() {
  if (screen.view !== "stage") return;
  if (running) {
    pause();
  } else {
    tones.unlock();
    play();
    enterPhase();
  }
}

function tick() {
  for (let guard = 0; running && guard < 100; guard += 1) {
    const { phase } = current();
    if (phase.seconds == null || elapsed() < phase.seconds * 1000) break;
    advancePhase(elapsed() - phase.seconds * 1000);
  }
  if (!running) return;
  speakProgress();
  render();
  if (performance.now() - lastSaved > 2000) save();
}

function speakProgress() {
  const { step, phases, phase } = current();
  if (!isWork(phase)) return;
  const ms = elapsed();
  if (phase.type === "reps") {
    const key = `${session.step}:${session.phase}:${currentRep(phase, ms)}`;
    if (spoken.rep !== key) say(String(currentRep(phase, ms)), COUNT, 1.5);
    spoken.rep = key;
  }
  const cue = cueIndex(step, phases, session.phase, ms);
  if (spoken.cue !== `${session.step}:${cue}`) say(step.cues[cue], CUE);
  spoken.cue = `${session.step}:${cue}`;
}

function advancePhase(carryMs = 0) {
  const { phases, phase } = current();
  if (isWork(phase)) {
    recordProgress(phase.seconds * 1000);
    // Every stretch of work ends with a sound, so no one has to watch for it.
    tones.play("end");
    screen.flash();
  }
  if (session.phase + 1 < phases.length) {
    session.phase += 1;
  } else if (session.step + 1 < steps.length) {
    session.step += 1;
    session.phase = 0;
  } else {
    finish();
    return;
  }
  setElapsed(carryMs);
  enterPhase();
  save();
}

function moveToStep(index) {
  if (index >= steps.length) {
    finish();
    return;
  }
  session.step = Math.max(0, index);
  session.phase = 0;
  setElapsed(0);
  enterPhase();
  save();
}

// Sounds, words and the live region for the start of a phase.
function enterPhase() {
  screen.forget();
  const { step, phase } = current();
  if (step.kind === "exercise" && isWork(phase)) entry();
  render();
  if (!running) return;
  const side = sideWords(step.side);
  const named = `${step.name}${side ? `, ${side.toLowerCase()}` : ""}`;
  const firstOfStep = !phasesByStep[session.step].slice(0, session.phase).some((p) => p.type !== "switch");
  if (phase.type === "switch") {
    tones.play("switch");
    screen.flash();
    say(`Change feet. ${side}.`, STEP);
    screen.announce(`Switch feet: ${side}`);
  } else if (phase.type === "ready") {
    tones.play("ready");
    say(`${named}. Get ready.`, STEP);
    screen.announce(`Get ready: ${named}`);
  } else if (phase.type === "between-sets") {
    tones.play("rest");
    say(`Set ${phase.set} of ${step.sets} next.`, STEP);
    screen.announce(`Set ${phase.set} of ${step.sets} next`);
  } else if (isWork(phase)) {
    tones.play("go");
    screen.flash();
    if (firstOfStep) say(`${named}.`, STEP);
    const amount = phase.type === "reps" ? `${phase.reps} times` : `${phase.seconds} seconds`;
    screen.announce(`${named}: ${phaseName(step, phase).toLowerCase()} ${amount}`);
    // The first rep's number would only repeat the cue; counting starts at 2.
    spoken.rep = `${session.step}:${session.phase}:1`;
    spoken.cue = null;
    speakProgress();
  } else if (phase.type === "rest") {
    tones.play("rest");
    const next = steps[session.step + 1];
    const text = next ? `Rest. Next: ${next.name}${next.side ? `, ${sideWords(next.side).toLowerCase()}` : ""}.` : "Rest. That was the last one.";
    say(text, STEP);
    screen.announce(text);
  } else if (phase.type === "test") {
    say(`${step.name}.`, STEP);
    say(step.cues[0], CUE, 30);
    screen.announce(`Check: ${step.name}`);
  }
}

// ---- what the person does ----------------------------------------------------

function finish() {
  halt();
  session.finished = true;
  session.ended_at = nowIso();
  save();
  tones.play("done");
  say("All done. Well done.", STEP);
  screen.finish(session, steps);
  screen.show("finish");
  screen.announce("Session done");
  showSync();
}

// A stop set off by a pain rating can be taken back this long, in case the
// finger meant the number beside it; the log waits on the device meanwhile.
const RERATE_SECONDS = 15;
let rerate = null;

async function stop(rule, fromRating = false) {
  if (!session || session.saved || session.stopped_reason) return;
  if (screen.view === "stage") recordProgress();
  halt();
  voice.clear();
  session.stopped_reason = rule.id;
  session.ended_at = nowIso();
  showSync();
  tones.play("stop");
  for (const sentence of ["Stop now.", ...rule.what_to_do.split(/(?<=[.!?])\s+/)]) say(sentence, SAFETY, 120);
  screen.stopped(rule);
  screen.show("stopped");
  if (fromRating) {
    // Saved on the device straight away: a page closed now still keeps it.
    save();
    $("rerate").hidden = false;
    rerate = setTimeout(keepStop, (RERATE_SECONDS * 1000) / speed);
    return;
  }
  await keepStop();
}

async function keepStop() {
  clearTimeout(rerate);
  rerate = null;
  $("rerate").hidden = true;
  await finalize(session);
  if (!classMode) $("stopped-saved").textContent = "What you did is saved, with the reason you stopped.";
}

// ---- what is synced ----------------------------------------------------------

let syncStatus = null;

// The outbox counts the logs waiting in it; a session that has ended but is
// not handed over yet (before its rating, or while a stop can be taken back)
// waits on this device too, so it is counted, never reported as synced.
function showSync(status = syncStatus) {
  syncStatus = status;
  if (!status) return;
  const ended = session && !session.saved && (session.finished || session.stopped_reason);
  const waiting = status.waiting + (ended ? 1 : 0);
  const offline = waiting > 0 && !status.problem && navigator.onLine === false
    ? " Offline: it will sync when you are back online." : "";
  $("sync-status").textContent = describeStatus({ ...status, waiting }) + offline;
}

function rateAgain() {
  if (!rerate) return;
  clearTimeout(rerate);
  rerate = null;
  $("rerate").hidden = true;
  voice.clear();
  session.stopped_reason = null;
  session.ended_at = null;
  showSync();
  entry().pain = null;
  screen.show("stage");
  render();
  save();
  screen.announce("Paused. Rate the pain again, then resume.");
}

function next() {
  if (screen.view !== "stage") return;
  const { phases, phase } = current();
  if (phase.type === "test") {
    $("test-panel").requestSubmit();
  } else if (isWork(phase)) {
    // Done early: keep what was done and go to the rest, where it can be rated.
    recordProgress();
    session.phase = phases.length - 1;
    setElapsed(0);
    enterPhase();
    save();
  } else {
    advancePhase(0);
  }
}

function back() {
  if (screen.view !== "stage") return;
  // From the rest, Back repeats the exercise just done; otherwise it goes to the one before.
  const target = current().phase.type === "rest" ? session.step : Math.max(0, session.step - 1);
  delete session.entries[session.step];
  delete session.entries[target];
  hideUndo();
  moveToStep(target);
}

function skip(reason) {
  const index = session.step;
  recordProgress();
  Object.assign(entry(index), { skipped: true, skip_reason: reason });
  screen.closeSkip();
  hideUndo();
  undo = { index, timer: setTimeout(hideUndo, 15000) };
  $("undo-text").textContent = `Skipped: ${steps[index].name}.`;
  $("undo").hidden = false;
  moveToStep(index + 1);
}

function undoSkip() {
  if (!undo || session.saved) return;
  const { index } = undo;
  delete session.entries[index];
  hideUndo();
  if (screen.view === "finish") {
    session.finished = false;
    session.ended_at = null;
    showSync();
    screen.show("stage");
    play();
  }
  moveToStep(index);
}

function hideUndo() {
  if (undo) clearTimeout(undo.timer);
  undo = null;
  $("undo").hidden = true;
}

// Reaching for a rating in the rest gives time to give both; it never pauses,
// so the session still carries on by itself.
function timeToRate() {
  const { phase } = current();
  if (screen.view !== "stage" || phase.type !== "rest") return;
  setElapsed(restForRating(phase, elapsed()));
  render();
}

function rate(kind, value, group) {
  screen.pressIn(group, value);
  if (kind === "feeling") {
    session.feeling = value;
    saveFinished();
    return;
  }
  entry()[kind] = value;
  save();
  if (kind !== "pain") return;
  const setOff = data.stop_rules.filter((r) => r.pain_above != null && value > r.pain_above);
  const stopping = setOff.find((r) => r.ends_session);
  if (stopping) {
    stop(stopping, true);
  } else if (setOff.length > 0) {
    // The screen shows it as the cue of this rest (see Screen.cue).
    say(firstSentence(setOff[0].what_to_do), SAFETY, 60);
    render();
  }
}

async function saveFinished() {
  if (!session.saved) {
    hideUndo();
    await finalize(session);
  } else if (await store.get("outbox", session.id)) {
    // Not sent yet: the rating can still change.
    await outbox.add(buildLog(session));
  }
  $("finish-done").hidden = true;
  $("finish-saved").textContent = "Saved on this device.";
}

function showTestChange() {
  const raw = $("test-value").value;
  $("test-delta").textContent = raw === "" ? "" : changeSummary(session, steps, session.step, Number(raw), data.tests[current().step.ref]);
}

function saveTest(event) {
  event.preventDefault();
  const { step } = current();
  const raw = $("test-value").value;
  if (raw === "" || Number.isNaN(Number(raw))) {
    $("test-delta").textContent = `Enter your result ${data.tests[step.ref].result_in}, or skip this check.`;
    $("test-value").focus();
    return;
  }
  entry().value = Number(raw);
  if (step.moment === "between" && session.looser) entry().note = LOOSER[session.looser];
  tones.play("rest");
  moveToStep(session.step + 1);
}

// ---- starting and resuming ---------------------------------------------------

function unlock() {
  // Inside the tap: audio and speech may only start from a gesture.
  tones.unlock();
  voice.unlock();
  navigator.storage?.persist?.().catch(() => {});
}

function start() {
  unlock();
  session = newSession(data.program.id, shape, newId(), nowIso());
  screen.show("stage");
  play();
  enterPhase();
}

function resume(saved) {
  unlock();
  session = saved;
  session.step = Math.min(session.step, steps.length - 1);
  session.phase = Math.min(session.phase, phasesByStep[session.step].length - 1);
  running = false;
  screen.show("stage");
  screen.announce(`Paused at step ${session.step + 1}: ${steps[session.step].name}`);
  render();
}

async function startOver(saved) {
  // What was done before is kept as an unfinished log, never thrown away.
  if (Object.values(saved.entries).some((e) => !e.skipped)) await finalize(saved);
  else await store.delete("sessions", saved.program);
  start();
}

function offerResume(saved) {
  const step = steps[Math.min(saved.step, steps.length - 1)];
  const side = sideWords(step.side);
  $("resume-where").textContent =
    `You stopped at step ${saved.step + 1} of ${steps.length}: ${step.name}${side ? `, ${side.toLowerCase()}` : ""}.`;
  $("resume").hidden = false;
  $("start").hidden = true;
  $("resume-button").addEventListener("click", () => resume(saved));
  $("start-over").addEventListener("click", () => startOver(saved));
}

// Keys act on what has focus: Space on a focused button presses that button.
// The shortcuts apply only when no control has focus.
const CONTROLS = "button, a[href], input, textarea, select, summary, [role='button'], [contenteditable]";

function onKey(event) {
  if (screen.view !== "stage" || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest?.(CONTROLS)) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const actions = { " ": toggle, ArrowRight: next, n: next, ArrowLeft: back, b: back, m: toggleMute };
  if (!actions[key]) return;
  event.preventDefault();
  actions[key]();
}

function toggleMute() {
  voice.setMuted(!voice.muted);
  showVoice();
}

// A toggle named "Voice", pressed while the voice speaks; the words say its state.
function showVoice() {
  $("mute").setAttribute("aria-pressed", String(!voice.muted));
  $("voice-state").textContent = voice.muted ? "off" : "on";
}

function onVisibility() {
  if (!session || screen.view !== "stage") return;
  if (document.visibilityState === "hidden") {
    save();
    hiddenAt = running ? `${session.step}:${session.phase}` : null;
    return;
  }
  tones.unlock();
  if (!running || hiddenAt === null) return;
  tick();
  // Timers stop on a locked phone: if the session moved on meanwhile, wait
  // for the person rather than carry on unseen.
  if (running && hiddenAt !== `${session.step}:${session.phase}`) pause();
  hiddenAt = null;
}

function wire() {
  const on = (id, handler) => $(id).addEventListener("click", handler);
  // A tap on Start while the page is still opening the device's store (a slow
  // phone) is kept: sound is unlocked inside the tap, and the session starts
  // as soon as the store is open.
  on("start", () => {
    unlock();
    ready.then(start);
  });
  on("pause", toggle);
  on("next", next);
  on("back", back);
  on("skip", () => screen.toggleSkip());
  on("undo-button", undoSkip);
  on("mute", toggleMute);
  on("rerate", rateAgain);
  on("end", () => { $("end-confirm").hidden = false; });
  on("end-no", () => { $("end-confirm").hidden = true; });
  on("end-yes", () => {
    $("end-confirm").hidden = true;
    recordProgress();
    finish();
  });
  on("finish-done", saveFinished);
  for (const button of $("skip-reasons").querySelectorAll("button")) {
    button.addEventListener("click", () => skip(button.dataset.reason));
  }
  for (const group of document.querySelectorAll("[data-rating]")) {
    for (const button of group.querySelectorAll("button")) {
      button.addEventListener("click", () => rate(group.dataset.rating, Number(button.dataset.value), group));
    }
  }
  $("rate-panel").addEventListener("pointerdown", timeToRate);
  $("rate-panel").addEventListener("focusin", timeToRate);
  for (const button of document.querySelectorAll("[data-stop]")) {
    button.addEventListener("click", () => stop(data.stop_rules.find((r) => r.id === button.dataset.stop)));
  }
  $("test-panel").addEventListener("submit", saveTest);
  $("test-value").addEventListener("input", showTestChange);
  for (const button of $("test-panel").querySelectorAll("[data-nudge]")) {
    button.addEventListener("click", () => {
      $("test-value").value = String(Math.max(0, Number($("test-value").value || 0) + Number(button.dataset.nudge)));
      showTestChange();
    });
  }
  for (const button of $("looser").querySelectorAll("button")) {
    button.addEventListener("click", () => {
      session.looser = button.dataset.looser;
      screen.looser(session.looser);
    });
  }
  $("mute").hidden = !voice.available;
  showVoice();
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", save);
}

async function init() {
  if (classMode) {
    wire();
    return;
  }
  let opened;
  ready = new Promise((resolve) => { opened = resolve; });
  wire();
  try {
    store = await openStore();
    $("storage-banner").hidden = store.persistent;
    outbox = new Outbox(store, { url: data.urls.sync, token: csrf, onChange: showSync });
    window.addEventListener("offline", () => showSync());
    window.addEventListener("online", () => showSync());
    let saved = await store.get("sessions", data.program.id);
    if (saved && saved.shape !== shape) {
      // Made for other steps (the program changed since): kept, not resumed.
      saved.ended_at ??= saved.updated_at;
      if (Object.keys(saved.entries).length) await finalize(saved);
      else await store.delete("sessions", saved.program);
      saved = null;
    }
    await settleSessions(store);
    if (saved && isOver(saved)) saved = null;
    if (saved) offerResume(saved);
  } finally {
    // Even if a saved session could not be read, Start still starts.
    opened();
  }
  outbox?.flushNow();
}

init();
