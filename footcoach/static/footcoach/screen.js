// What the player shows: one step, its side, picture, clock and cue; the
// panels for ratings and checks; the finish and stop screens. It only draws;
// the player decides what happens.

import { firstSentence, resultLines, sideWords } from "./record.js";
import { cueIndex, currentRep, isWork, remainingSeconds } from "./timeline.js";

export const $ = (id) => document.getElementById(id);

const PHASE_NAMES = {
  switch: "Switch feet", ready: "Get ready", "between-sets": "Next set", hold: "Hold",
  reps: "Count", rest: "Rest", test: "Check",
};
// The work is named by what the body does, as the content says: a roll or a
// rub is not a hold.
const ACTION_NAMES = { hold: "Hold", move: "Move", roll: "Roll", count: "Count" };

export const phaseName = (step, phase) =>
  (isWork(phase) && ACTION_NAMES[step.action]) || PHASE_NAMES[phase.type];
const VIEWS = ["intro", "stage", "finish", "stopped"];
// The picture never shrinks below this, and takes at most this share of the screen's height.
const PICTURE_MIN_PX = 150;
const PICTURE_MAX_SHARE = 0.45;

export class Screen {
  constructor(data) {
    this.data = data;
    this.shown = {}; // what is on screen, so a tick redraws only what changed
    this.view = "intro";
    window.addEventListener("resize", () => this.fitPicture());
  }

  forget() {
    this.shown = {};
  }

  set(id, text) {
    if (this.shown[id] !== text) {
      $(id).textContent = text;
      this.shown[id] = text;
    }
  }

  show(view) {
    this.view = view;
    this.forget();
    for (const id of VIEWS) $(id).hidden = id !== view;
    $("end-early").hidden = view !== "stage";
    $("player").dataset.view = view;
    this.closeSkip();
    const heading = { stage: "step-name", finish: "finish-heading", stopped: "stopped-heading" }[view];
    if (heading) $(heading).focus({ preventScroll: view === "stage" });
  }

  // Only the moments that matter go to the live region, never every tick.
  announce(text) {
    $("announce").textContent = text;
  }

  // Every sound has a visual twin, for a muted phone or a missed beep.
  flash() {
    const clock = $("clock");
    clock.classList.remove("flash");
    void clock.offsetWidth;
    clock.classList.add("flash");
  }

  closeSkip() {
    $("skip-reasons").hidden = true;
    $("skip").setAttribute("aria-expanded", "false");
  }

  toggleSkip() {
    const open = $("skip-reasons").hidden;
    $("skip-reasons").hidden = !open;
    $("skip").setAttribute("aria-expanded", String(open));
    if (open) this.reveal($("skip-reasons"));
  }

  // Scrolls an element into view above the sticky dock, which would otherwise
  // cover what opens at the bottom of the page.
  reveal(element) {
    const dock = document.querySelector(".dock").getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const below = box.bottom - Math.min(dock.top, window.innerHeight) + 8;
    if (below > 0) window.scrollBy({ top: Math.min(below, box.top - 8), behavior: "instant" });
  }

  pressIn(group, value) {
    for (const button of group.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(value != null && Number(button.dataset.value) === value));
    }
  }

  // m: { session, steps, step, phases, phase, ms, running }
  step(m) {
    const { session, steps, step, phase, running } = m;
    this.set("progress", `Step ${session.step + 1} of ${steps.length}`);
    const side = sideWords(step.side);
    this.set("side", side);
    $("side").hidden = !side;
    $("side").dataset.side = step.side || "";
    this.set("step-name", step.name);
    this.set("mods", step.modifications.join(" · "));
    if (this.shown.picture !== step.picture) {
      // The server drew these pictures from the content and escaped their text.
      $("picture").innerHTML = this.data.pictures[step.picture] || "";
      this.shown.picture = step.picture;
    }
    // The rest is for rating and hearing what comes next; the picture and the
    // changes wait, so both rating scales fit above the controls on a phone.
    $("picture").hidden = phase.type === "rest";
    $("mods").hidden = step.modifications.length === 0 || phase.type === "rest";
    // The drawings show a right foot; on the left foot they are mirrored.
    $("picture").dataset.side = step.side || "";
    const layout = `${session.step}:${phase.type}:${running}`;
    if (this.shown.layout !== layout) {
      // A new step starts at the top, where its side and name are.
      if (!this.shown.layout?.startsWith(`${session.step}:`)) window.scrollTo(0, 0);
      this.shown.layout = layout;
      requestAnimationFrame(() => {
        this.fitPicture();
        // On a short screen the rating scales would start under the dock.
        if (!$("rate-panel").hidden) this.reveal($("rate-panel"));
      });
    }
    const clock = $("clock");
    clock.dataset.phase = phase.type;
    clock.dataset.paused = String(!running);
    this.set("phase", running ? phaseName(step, phase) : `Paused · ${phaseName(step, phase)}`);
    this.clock(m);
    this.set("cue", this.cue(m));
    this.panels(m);
    this.set("pause", running ? "Pause" : "Resume");
  }

  // The picture takes the room left between the cue and the dock, so it is
  // as large as the phone allows (read from two metres away) while the
  // clock and the cue stay clear of the dock.
  fitPicture() {
    const picture = $("picture");
    const drawing = picture.querySelector("svg");
    if (this.view !== "stage" || picture.hidden || !drawing) return;
    const dockTop = window.innerHeight - document.querySelector(".dock").offsetHeight;
    const cueBottom = $("cue").getBoundingClientRect().bottom + window.scrollY;
    const room = drawing.getBoundingClientRect().height + dockTop - cueBottom;
    const height = Math.max(PICTURE_MIN_PX, Math.min(room, window.innerHeight * PICTURE_MAX_SHARE));
    picture.style.setProperty("--picture-height", `${Math.floor(height)}px`);
  }

  clock({ step, phase, ms }) {
    const set = step.sets > 1 && phase.set ? ` · set ${phase.set} of ${step.sets}` : "";
    if (phase.type === "reps") {
      this.set("count", String(currentRep(phase, ms)));
      this.set("count-unit", `of ${phase.reps}${set}`);
    } else if (phase.type === "test") {
      this.set("count", "");
      this.set("count-unit", "");
    } else {
      this.set("count", String(remainingSeconds(phase, ms)));
      this.set("count-unit", `seconds${phase.type === "hold" ? set : ""}`);
    }
  }

  cue({ session, steps, step, phases, phase, ms }) {
    if (phase.type === "switch") return `Change feet: now your ${step.side} foot.`;
    if (phase.type === "between-sets") return `Set ${phase.set} of ${step.sets} next.`;
    if (phase.type === "rest") {
      const easeOff = this.easeOff(session.entries[session.step]?.pain);
      if (easeOff) return firstSentence(easeOff.what_to_do);
      const next = steps[session.step + 1];
      return next ? `Next: ${next.name}${next.side ? ` · ${sideWords(next.side)}` : ""}` : "That was the last one.";
    }
    if (!isWork(phase)) return step.cues[0];
    return step.cues[cueIndex(step, phases, session.phase, ms)];
  }

  // A pain rating that asks to ease off without stopping the session.
  easeOff(pain) {
    if (pain == null) return null;
    return this.data.stop_rules.find((r) => !r.ends_session && r.pain_above != null && pain > r.pain_above) || null;
  }

  panels({ session, step, phase }) {
    const key = `${session.step}:${phase.type}`;
    if (this.shown.panels === key) return;
    this.shown.panels = key;
    const resting = phase.type === "rest" && step.kind === "exercise";
    $("rate-panel").hidden = !resting;
    $("pressure-scale").hidden = !(resting && step.rate_pressure);
    const entry = session.entries[session.step];
    this.pressIn($("pain-scale"), entry?.pain);
    this.pressIn($("pressure-scale"), entry?.pressure);
    const testing = phase.type === "test";
    $("test-panel").hidden = !testing;
    // A check has no clock to pause; the button keeps its place in the row.
    $("pause").style.visibility = testing ? "hidden" : "";
    if (testing) {
      const test = this.data.tests[step.ref];
      $("test-label").textContent = `${test.name}, ${test.result_in}`;
      $("test-value").value = entry?.value ?? "";
      $("looser").hidden = step.moment !== "between";
      this.looser(null);
      $("test-delta").textContent = "";
    }
  }

  looser(choice) {
    for (const button of $("looser").querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.looser === choice));
    }
  }

  finish(session, steps) {
    const entries = Object.values(session.entries);
    const done = entries.filter((e) => !e.skipped).length;
    const skipped = entries.filter((e) => e.skipped).length;
    $("finish-heading").textContent = done + skipped < steps.length ? "Session ended early" : "Session done";
    $("finish-summary").textContent = `${done} of ${steps.length} steps done${skipped ? `, ${skipped} skipped` : ""}.`;
    $("finish-results").replaceChildren(...resultLines(session, this.data.tests).map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
    this.pressIn($("feeling-scale"), session.feeling);
  }

  stopped(rule) {
    $("stopped-reason").textContent = rule.label;
    $("stopped-what").textContent = rule.what_to_do;
  }
}
