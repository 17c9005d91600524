// The guided session player: one step at a time, hands-free, saved on the
// device as it goes. Every exercise word comes from the page's session data.

import { COUNT, CUE, SAFETY, STEP, ScreenKeeper, Tones, Voice } from "./cues.js";
import { Outbox, describeStatus, newId, openStore } from "./sync.js";
import { change, cueIndex, currentRep, doneSoFar, isWork, phasesOf, remainingSeconds } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const data = JSON.parse($("session-data").textContent);
const csrf = JSON.parse($("csrf-token").textContent);
const steps = data.steps;
const phasesByStep = steps.map(phasesOf);
// Changes whenever the program's steps do, so an old saved session is not
// resumed onto different steps.
const shape = steps.map((s) => `${s.kind}:${s.ref}:${s.side}`).join("|");
const speed = readSpeed();

const voice = new Voice();
const tones = new Tones();
const keeper = new ScreenKeeper(() => { $("awake-note").hidden = false; });

const PHASE_NAMES = {
  switch: "Switch feet", ready: "Get ready", "between-sets": "Next set", hold: "Hold",
  reps: "Count", rest: "Rest", test: "Check",
};
const LOOSER = { left: "Looser side: left", right: "Looser side: right", same: "Both sides feel the same" };

let store = null;
let outbox = null;
let state = null; // the session as saved on the device
let view = "intro";
let running = false;
let phaseStart = 0; // performance.now() at which the current phase would have begun
let ticker = null;
let lastSaved = 0;
let shown = {}; // what is on screen, so a tick redraws only what changed
let undo = null;
let hiddenAt = null;

function readSpeed() {
  const asked = Number(new URLSearchParams(location.search).get("speed") || $("player").dataset.speed || 1);
  return Number.isFinite(asked) ? Math.min(Math.max(asked, 1), 1000) : 1;
}

const nowIso = () => new Date().toISOString();
const sideWords = (side) => (side === "left" ? "Left foot" : side === "right" ? "Right foot" : "");
const current = () => {
  const phases = phasesByStep[state.step];
  return { step: steps[state.step], phases, phase: phases[state.phase] };
};
const elapsed = () => (running ? (performance.now() - phaseStart) * speed : state.elapsed);

function setElapsed(ms) {
  state.elapsed = ms;
  phaseStart = performance.now() - ms / speed;
}

function say(text, priority, ttl) {
  voice.say(text, priority, ttl);
}

function announce(text) {
  // Only the moments that matter go to the live region, never every tick.
  $("announce").textContent = text;
}

function flash() {
  const clock = $("clock");
  clock.classList.remove("flash");
  void clock.offsetWidth;
  clock.classList.add("flash");
}

function set(id, text) {
  if (shown[id] !== text) {
    $(id).textContent = text;
    shown[id] = text;
  }
}

// ---- saving ----------------------------------------------------------------

function freshState() {
  const time = nowIso();
  return {
    id: newId(), program: data.program.id, shape, started_at: time, updated_at: time, ended_at: null,
    step: 0, phase: 0, elapsed: 0, entries: {}, finished: false, stopped_reason: null, feeling: null, saved: false,
  };
}

function save() {
  if (!state || state.saved) return;
  state.elapsed = elapsed();
  state.updated_at = nowIso();
  lastSaved = performance.now();
  store.put("sessions", state.program, state).catch(() => {});
}

function buildLog(session) {
  const entries = Object.keys(session.entries).map(Number).sort((a, b) => a - b).map((i) => session.entries[i]);
  return {
    id: session.id, program: session.program, started_at: session.started_at,
    ended_at: session.ended_at || session.updated_at, entries,
    stopped_reason: session.stopped_reason, feeling: session.feeling, note: "",
  };
}

// Moves a session from "in progress" to the outbox; from then on it is a log.
async function finalize(session) {
  if (session.saved) return;
  session.saved = true;
  await outbox.add(buildLog(session));
  await store.delete("sessions", session.program);
}

function ensureEntry(index) {
  const step = steps[index];
  if (!state.entries[index]) {
    const entry = {
      exercise: step.ref, side: step.side, reps: null, seconds: null, pressure: null, pain: null,
      skipped: false, skip_reason: null, note: "",
    };
    if (step.kind === "test") Object.assign(entry, { kind: "test", moment: step.moment, side: testSide(index), value: null });
    state.entries[index] = entry;
  }
  return state.entries[index];
}

// A check between or after the feet belongs to the foot just worked, so each
// side's change can be told apart.
function testSide(index) {
  if (steps[index].moment === "before") return null;
  for (let i = index - 1; i >= 0; i -= 1) if (steps[i].side) return steps[i].side;
  return null;
}

function recordProgress(atMs = elapsed()) {
  const { step, phases, phase } = current();
  if (step.kind !== "exercise" || !isWork(phase)) return;
  const done = doneSoFar(phases, state.phase, atMs);
  const entry = ensureEntry(state.step);
  entry.reps = step.reps ? done.reps : null;
  entry.seconds = step.reps ? null : Math.round(done.seconds);
}

// ---- moving through the session ---------------------------------------------

function play() {
  running = true;
  phaseStart = performance.now() - state.elapsed / speed;
  keeper.keep();
  clearInterval(ticker);
  ticker = setInterval(tick, 200);
  render();
  save();
}

function pause() {
  state.elapsed = elapsed();
  running = false;
  clearInterval(ticker);
  keeper.release();
  voice.clear();
  announce("Paused");
  render();
  save();
}

function toggle() {
  if (view !== "stage") return;
  if (running) {
    pause();
  } else {
    tones.unlock();
    play();
    enterPhase();
  }
}

function tick() {
  if (!running) return;
  for (let guard = 0; running && guard < 100; guard += 1) {
    const { phase } = current();
    if (phase.seconds == null || elapsed() < phase.seconds * 1000) break;
    advancePhase(elapsed() - phase.seconds * 1000);
  }
  if (!running) return;
  render();
  if (performance.now() - lastSaved > 2000) save();
}

function advancePhase(carryMs = 0) {
  const { phases, phase } = current();
  if (isWork(phase)) {
    recordProgress(phase.seconds * 1000);
    if (phase.type === "hold") {
      tones.play("end");
      flash();
    }
  }
  if (state.phase + 1 < phases.length) {
    state.phase += 1;
  } else if (state.step + 1 < steps.length) {
    state.step += 1;
    state.phase = 0;
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
  state.step = Math.max(0, index);
  state.phase = 0;
  setElapsed(0);
  enterPhase();
  save();
}

// Sounds, words and the live region for the start of a phase.
function enterPhase() {
  shown = {};
  const { step, phase } = current();
  if (step.kind === "exercise" && isWork(phase)) ensureEntry(state.step);
  render();
  if (!running) return;
  const side = sideWords(step.side);
  const named = `${step.name}${side ? `, ${side.toLowerCase()}` : ""}`;
  const first = state.phase === 0 || (state.phase === 1 && phasesByStep[state.step][0].type === "switch");
  if (phase.type === "switch") {
    tones.play("switch");
    flash();
    say(`Change feet. ${side}.`, STEP);
    announce(`Switch feet: ${side}`);
  } else if (phase.type === "ready") {
    tones.play("ready");
    say(`${named}. Get ready.`, STEP);
    announce(`Get ready: ${named}`);
  } else if (phase.type === "between-sets") {
    tones.play("rest");
    say(`Set ${phase.set} of ${step.sets} next.`, STEP);
    announce(`Set ${phase.set} of ${step.sets} next`);
  } else if (isWork(phase)) {
    tones.play("go");
    flash();
    if (first) say(`${named}.`, STEP);
    say(step.cues[0], CUE);
    const amount = phase.type === "reps" ? `${phase.reps} times` : `hold ${phase.seconds} seconds`;
    announce(`${named}: ${amount}`);
  } else if (phase.type === "rest") {
    tones.play("rest");
    const next = steps[state.step + 1];
    const text = next ? `Rest. Next: ${next.name}${next.side ? `, ${sideWords(next.side).toLowerCase()}` : ""}.` : "Rest. That was the last one.";
    say(text, STEP);
    announce(text);
  } else if (phase.type === "test") {
    say(`${step.name}.`, STEP);
    say(step.cues[0], CUE, 30);
    announce(`Check: ${step.name}`);
  }
  shown.spokenCue = `${state.step}:0`;
}

function finish() {
  running = false;
  clearInterval(ticker);
  keeper.release();
  state.finished = true;
  state.ended_at = nowIso();
  save();
  tones.play("done");
  say("All done. Well done.", STEP);
  announce("Session done");
  showView("finish");
  renderFinish();
}

async function stop(rule) {
  if (!state || state.saved || state.stopped_reason) return;
  if (view === "stage") recordProgress();
  running = false;
  clearInterval(ticker);
  keeper.release();
  voice.clear();
  state.stopped_reason = rule.id;
  state.ended_at = nowIso();
  tones.play("stop");
  for (const sentence of ["Stop now.", ...rule.what_to_do.split(/(?<=[.!?])\s+/)]) say(sentence, SAFETY, 120);
  $("stopped-reason").textContent = rule.label;
  $("stopped-what").textContent = rule.what_to_do;
  showView("stopped");
  await finalize(state);
  $("stopped-saved").textContent = "What you did is saved, with the reason you stopped.";
}

function next() {
  if (view !== "stage") return;
  const { phases, phase } = current();
  if (phase.type === "test") {
    $("test-panel").requestSubmit();
  } else if (isWork(phase)) {
    // Done early: keep what was done and go to the rest, where it can be rated.
    recordProgress();
    state.phase = phases.length - 1;
    setElapsed(0);
    enterPhase();
    save();
  } else {
    advancePhase(0);
  }
}

function back() {
  if (view !== "stage") return;
  // From the rest, Back repeats the exercise just done; otherwise it goes to the one before.
  const target = current().phase.type === "rest" ? state.step : Math.max(0, state.step - 1);
  delete state.entries[state.step];
  delete state.entries[target];
  hideUndo();
  moveToStep(target);
}

function skip(reason) {
  const index = state.step;
  recordProgress();
  const entry = ensureEntry(index);
  entry.skipped = true;
  entry.skip_reason = reason;
  closeSkip();
  undo = { index, entry: structuredClone(entry) };
  $("undo-text").textContent = `Skipped: ${steps[index].name}.`;
  $("undo").hidden = false;
  clearTimeout(undo.timer);
  undo.timer = setTimeout(hideUndo, 15000);
  moveToStep(index + 1);
}

function undoSkip() {
  if (!undo || state.saved) return;
  const { index } = undo;
  delete state.entries[index];
  hideUndo();
  if (view === "finish") {
    state.finished = false;
    state.ended_at = null;
    showView("stage");
    play();
  }
  moveToStep(index);
}

function hideUndo() {
  if (undo) clearTimeout(undo.timer);
  undo = null;
  $("undo").hidden = true;
}

function closeSkip() {
  $("skip-reasons").hidden = true;
  $("skip").setAttribute("aria-expanded", "false");
}

function rate(kind, value) {
  if (kind === "feeling") {
    state.feeling = value;
    pressIn($("feeling-scale"), value);
    saveFinished();
    return;
  }
  const entry = ensureEntry(state.step);
  entry[kind] = value;
  pressIn($(`${kind}-scale`), value);
  save();
  if (kind === "pain") {
    const rule = data.stop_rules.find((r) => r.pain_above != null && value > r.pain_above);
    if (rule) stop(rule);
  }
}

function pressIn(group, value) {
  for (const button of group.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(value !== null && Number(button.dataset.value) === value));
  }
}

// ---- self-tests --------------------------------------------------------------

function testEntry(moment) {
  return Object.values(state.entries).find((e) => e.kind === "test" && e.moment === moment && !e.skipped && e.value != null);
}

function describeChange(result, unit) {
  if (!result) return "";
  const sign = result.delta > 0 ? "+" : result.delta < 0 ? "−" : "±";
  const size = `${sign}${Math.abs(result.delta)} ${unit}`;
  return result.better === null ? `${size}, no change` : `${size}, ${result.better ? "better" : "less good"}`;
}

function testChanges(value, moment, ref) {
  const test = data.tests[ref];
  const before = testEntry("before");
  const between = testEntry("between");
  const lines = [];
  if (moment === "between" && before) {
    lines.push(`Since the start: ${describeChange(change(before.value, value, test.higher_is_better), test.unit)}`);
  }
  if (moment === "after") {
    if (between) lines.push(`${sideWords(testSide(state.step))} work: ${describeChange(change(between.value, value, test.higher_is_better), test.unit)}`);
    if (before) lines.push(`Since the start: ${describeChange(change(before.value, value, test.higher_is_better), test.unit)}`);
  }
  return lines.join(" · ");
}

function showTestDelta() {
  const { step } = current();
  const raw = $("test-value").value;
  $("test-delta").textContent = raw === "" ? "" : testChanges(Number(raw), step.moment, step.ref);
}

function saveTest(event) {
  event.preventDefault();
  const { step } = current();
  const raw = $("test-value").value;
  if (raw === "" || Number.isNaN(Number(raw))) {
    $("test-delta").textContent = `Enter your result in ${data.tests[step.ref].unit}, or skip this check.`;
    $("test-value").focus();
    return;
  }
  const entry = ensureEntry(state.step);
  entry.value = Number(raw);
  if (step.moment === "between" && state.looser) entry.note = LOOSER[state.looser];
  tones.play("rest");
  moveToStep(state.step + 1);
}

// ---- drawing -------------------------------------------------------------------

function render() {
  if (!state || view !== "stage") return;
  const { step, phases, phase } = current();
  const ms = elapsed();
  set("progress", `Step ${state.step + 1} of ${steps.length}`);
  const side = sideWords(step.side);
  set("side", side);
  $("side").hidden = !side;
  $("side").dataset.side = step.side || "";
  set("step-name", step.name);
  set("mods", step.modifications.join(" · "));
  $("mods").hidden = step.modifications.length === 0;
  // The rest is for rating and hearing what comes next; the picture waits.
  $("picture").hidden = phase.type === "rest";
  if (shown.picture !== step.picture) {
    $("picture").innerHTML = data.pictures[step.picture] || "";
    shown.picture = step.picture;
  }
  const clock = $("clock");
  clock.dataset.phase = phase.type;
  clock.dataset.paused = String(!running);
  set("phase", running ? PHASE_NAMES[phase.type] : `Paused · ${PHASE_NAMES[phase.type]}`);
  if (phase.type === "reps") {
    const rep = currentRep(phase, ms);
    set("count", String(rep));
    set("count-unit", `of ${phase.reps}${step.sets > 1 ? ` · set ${phase.set} of ${step.sets}` : ""}`);
    if (running && shown.spokenRep !== `${state.step}:${state.phase}:${rep}`) {
      if (shown.spokenRep) say(String(rep), COUNT, 1.5);
      shown.spokenRep = `${state.step}:${state.phase}:${rep}`;
    }
  } else if (phase.type === "test") {
    set("count", "");
    set("count-unit", "");
  } else {
    set("count", String(remainingSeconds(phase, ms)));
    set("count-unit", phase.type === "hold" && step.sets > 1 ? `seconds · set ${phase.set} of ${step.sets}` : "seconds");
  }
  set("cue", cueText(step, phases, phase, ms));
  renderPanels(step, phase);
  set("pause", running ? "Pause" : "Resume");
}

function cueText(step, phases, phase, ms) {
  if (phase.type === "switch") return `Change feet: now your ${step.side} foot.`;
  if (phase.type === "between-sets") return `Set ${phase.set} of ${step.sets} next. ${step.cues[Math.min(phase.set - 1, step.cues.length - 1)]}`;
  if (phase.type === "rest") {
    const next = steps[state.step + 1];
    return next ? `Next: ${next.name}${next.side ? ` · ${sideWords(next.side)}` : ""}` : "That was the last one.";
  }
  if (!isWork(phase)) return step.cues[0];
  const index = cueIndex(step, phases, state.phase, ms);
  const key = `${state.step}:${index}`;
  if (running && shown.spokenCue !== key) {
    shown.spokenCue = key;
    say(step.cues[index], CUE);
  }
  return step.cues[index];
}

function renderPanels(step, phase) {
  const key = `${state.step}:${phase.type}`;
  if (shown.panels === key) return;
  shown.panels = key;
  const resting = phase.type === "rest" && step.kind === "exercise";
  $("rate-panel").hidden = !resting;
  $("pressure-scale").hidden = !(resting && step.rate_pressure);
  const entry = state.entries[state.step];
  pressIn($("pain-scale"), entry?.pain ?? null);
  pressIn($("pressure-scale"), entry?.pressure ?? null);
  const testing = phase.type === "test";
  $("test-panel").hidden = !testing;
  if (testing) {
    const test = data.tests[step.ref];
    $("test-label").textContent = `${test.name}, in ${test.unit}`;
    $("test-value").value = entry?.value ?? "";
    $("looser").hidden = step.moment !== "between";
    state.looser = null;
    for (const button of $("looser").querySelectorAll("button")) button.setAttribute("aria-pressed", "false");
    showTestDelta();
  }
}

function renderFinish() {
  const entries = Object.values(state.entries);
  const done = entries.filter((e) => !e.skipped).length;
  const skipped = entries.filter((e) => e.skipped).length;
  $("finish-summary").textContent = `${done} of ${steps.length} steps done${skipped ? `, ${skipped} skipped` : ""}.`;
  const list = $("finish-results");
  list.replaceChildren();
  for (const entry of entries.filter((e) => e.kind === "test" && e.value != null)) {
    const test = data.tests[entry.exercise];
    const when = { before: "Before", between: `After the ${entry.side || "first"} foot`, after: "At the end" }[entry.moment];
    const item = document.createElement("li");
    const delta = entry.moment === "before" ? "" : ` (${describeChange(change(testEntry("before")?.value, entry.value, test.higher_is_better), test.unit) || "no start value"})`;
    item.textContent = `${test.name}, ${when.toLowerCase()}: ${entry.value} ${test.unit}${delta}${entry.note ? `. ${entry.note}` : ""}`;
    list.append(item);
  }
  pressIn($("feeling-scale"), state.feeling);
  $("finish-heading").focus();
}

async function saveFinished() {
  if (!state.saved) {
    hideUndo();
    await finalize(state);
  } else if (await store.get("outbox", state.id)) {
    // Not sent yet: the rating can still change.
    await outbox.add(buildLog(state));
  }
  $("finish-done").hidden = true;
  $("finish-saved").textContent = "Saved on this device.";
}

function showView(name) {
  view = name;
  for (const id of ["intro", "stage", "finish", "stopped"]) $(id).hidden = id !== name;
  $("stops").hidden = name !== "stage";
  $("player").dataset.view = name;
  closeSkip();
  if (name === "stopped") $("stopped-heading").focus();
  if (name === "stage") $("step-name").focus({ preventScroll: true });
}

// ---- starting, resuming, wiring ----------------------------------------------

function unlock() {
  // Inside the tap: audio and speech may only start from a gesture.
  tones.unlock();
  voice.unlock();
  navigator.storage?.persist?.().catch(() => {});
}

function start() {
  unlock();
  state = freshState();
  shown = {};
  showView("stage");
  play();
  enterPhase();
}

function resume(saved) {
  unlock();
  state = saved;
  state.step = Math.min(state.step, steps.length - 1);
  state.phase = Math.min(state.phase, phasesByStep[state.step].length - 1);
  running = false;
  shown = {};
  showView("stage");
  announce(`Paused at step ${state.step + 1}: ${steps[state.step].name}`);
  render();
}

async function startOver(saved) {
  // What was done before is kept as an unfinished log, never thrown away.
  if (Object.values(saved.entries).some((e) => !e.skipped)) {
    await finalize(saved);
  } else {
    await store.delete("sessions", saved.program);
  }
  start();
}

function showStatus(status) {
  $("sync-status").textContent = describeStatus(status);
}

function wire(saved) {
  $("start").addEventListener("click", () => (saved && !saved.saved ? startOver(saved) : start()));
  $("resume-button").addEventListener("click", () => resume(saved));
  $("start-over").addEventListener("click", () => startOver(saved));
  $("pause").addEventListener("click", toggle);
  $("next").addEventListener("click", next);
  $("back").addEventListener("click", back);
  $("skip").addEventListener("click", () => {
    const open = $("skip-reasons").hidden;
    $("skip-reasons").hidden = !open;
    $("skip").setAttribute("aria-expanded", String(open));
  });
  for (const button of $("skip-reasons").querySelectorAll("button")) {
    button.addEventListener("click", () => skip(button.dataset.reason));
  }
  $("undo-button").addEventListener("click", undoSkip);
  for (const group of document.querySelectorAll("[data-rating]")) {
    for (const button of group.querySelectorAll("button")) {
      button.addEventListener("click", () => rate(group.dataset.rating, Number(button.dataset.value)));
    }
  }
  for (const button of document.querySelectorAll("[data-stop]")) {
    button.addEventListener("click", () => stop(data.stop_rules.find((r) => r.id === button.dataset.stop)));
  }
  $("end").addEventListener("click", () => { $("end-confirm").hidden = false; });
  $("end-no").addEventListener("click", () => { $("end-confirm").hidden = true; });
  $("end-yes").addEventListener("click", () => {
    $("end-confirm").hidden = true;
    recordProgress();
    finish();
  });
  $("finish-done").addEventListener("click", saveFinished);
  $("test-panel").addEventListener("submit", saveTest);
  $("test-value").addEventListener("input", showTestDelta);
  for (const button of $("test-panel").querySelectorAll("[data-nudge]")) {
    button.addEventListener("click", () => {
      const value = Math.max(0, Number($("test-value").value || 0) + Number(button.dataset.nudge));
      $("test-value").value = String(value);
      showTestDelta();
    });
  }
  for (const button of $("looser").querySelectorAll("button")) {
    button.addEventListener("click", () => {
      state.looser = button.dataset.looser;
      for (const other of $("looser").querySelectorAll("button")) other.setAttribute("aria-pressed", String(other === button));
    });
  }
  const mute = $("mute");
  mute.hidden = !voice.available;
  const showMute = () => { mute.textContent = voice.muted ? "Voice off" : "Voice on"; mute.setAttribute("aria-pressed", String(!voice.muted)); };
  showMute();
  mute.addEventListener("click", () => { voice.setMuted(!voice.muted); showMute(); });
  document.addEventListener("keydown", (event) => onKey(event, () => { voice.setMuted(!voice.muted); showMute(); }));
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", save);
}

function onKey(event, toggleMute) {
  if (view !== "stage" || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest?.("input, textarea, select")) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const actions = { " ": toggle, ArrowRight: next, n: next, ArrowLeft: back, b: back, m: toggleMute };
  if (!actions[key]) return;
  event.preventDefault();
  actions[key]();
}

function onVisibility() {
  if (!state || view !== "stage") return;
  if (document.visibilityState === "hidden") {
    save();
    hiddenAt = running ? `${state.step}:${state.phase}` : null;
    return;
  }
  tones.unlock();
  if (!running || hiddenAt === null) return;
  tick();
  // Timers do not run on a locked phone: if the session moved on meanwhile,
  // wait for the person rather than carry on unseen.
  if (running && hiddenAt !== `${state.step}:${state.phase}`) pause();
  hiddenAt = null;
}

async function init() {
  store = await openStore();
  $("storage-banner").hidden = store.persistent;
  outbox = new Outbox(store, { url: data.urls.sync, token: csrf, onChange: showStatus });
  let saved = await store.get("sessions", data.program.id);
  if (saved && (saved.finished || saved.stopped_reason || saved.shape !== shape)) {
    // Finished (or made for other steps) but not yet handed to the outbox.
    if (Object.keys(saved.entries).length) await finalize(saved);
    else await store.delete("sessions", saved.program);
    saved = null;
  }
  if (saved) {
    const step = steps[Math.min(saved.step, steps.length - 1)];
    const side = sideWords(step.side);
    $("resume-where").textContent = `You stopped at step ${saved.step + 1} of ${steps.length}: ${step.name}${side ? `, ${side.toLowerCase()}` : ""}.`;
    $("resume").hidden = false;
    $("start").hidden = true;
  }
  wire(saved);
  outbox.flushNow();
}

init();
