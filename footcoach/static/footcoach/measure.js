// "Measure with this phone" on a self-test's record page: the phone's own
// accelerometer times a single-leg stance or counts heel raises (motion.js),
// speaking as it goes. The manual stopwatch or counter stays beside it and is
// what the page falls back to whenever the phone cannot measure.
//
// Readings come from `devicemotion` events only, never from polling a sensor
// API, so the page works the same for any source of those events (a phone, or
// a test that dispatches them).

import { COUNT, CUE, STEP, ScreenKeeper } from "./cues.js";
import { analyseStance, countHeelRaises, keptTrace } from "./motion.js";

// How long the phone may stay silent after listening starts before we say it
// cannot measure: phones send readings every 10-50 ms.
const FIRST_READING_MS = 1000;
const GET_READY_MS = 3000; // standing still on both feet, before "Lift your foot now"
const LIFT_WAIT_MS = 15000; // no settled stance by then: the phone did not feel the lift
const LONGEST_STANCE_S = 45; // the procedure stops there (content/tests/)
const AFTER_END_MS = 1000;
const QUIET_END_MS = 5000; // heel raises end when no rise comes for this long
const SAY_AFTER_MS = 700;
const FIRST_RISE_WAIT_MS = 20000;
const ANALYSE_EVERY_MS = 250;
const MAX_SAMPLES = 60_000; // ten minutes at 100 Hz: the measure stops there
// A trace the server takes: at most this many samples an axis (core/traces.py).
const MAX_KEPT = 15_000;

export const CANNOT = {
  insecure: "This page is not on a secure (HTTPS) connection, so the browser does not let it read the phone's motion sensors.",
  missing: "This browser has no motion sensors it can share, so the phone cannot measure.",
  refused: "Motion access was refused, so the phone cannot measure. You can allow it in the browser's settings for this site.",
  silent: "The phone sent no motion readings, so it cannot measure here (a computer usually has no motion sensor).",
};

const secondsWords = (n) => `${n} ${n === 1 ? "second" : "seconds"}`;

export class PhoneMeasure {
  // root: the .phone-measure block; voice: the page's Voice; unlock(): the
  // page's first-tap unlock; fallback: the manual control's name ("stopwatch"
  // or "counter"); round(value): the test's step; onResult({value, sway,
  // trace}): a finished measure; onCancel(): a measure that gave nothing.
  constructor(root, { voice, unlock, fallback, round, onResult, onCancel }) {
    this.root = root;
    this.kind = root.dataset.measure;
    this.voice = voice;
    this.unlock = unlock;
    this.fallback = fallback;
    this.round = round;
    this.onResult = onResult;
    this.onCancel = onCancel;
    this.button = root.querySelector("#phone-button");
    this.reading = root.querySelector("#phone-reading");
    this.status = root.querySelector("#phone-status");
    this.sway = root.querySelector("#phone-sway");
    this.keeper = new ScreenKeeper(() => {});
    this.samples = [];
    this.running = false;
    this.listener = (event) => this.take(event);
    this.button.addEventListener("click", () => (this.running ? this.stop() : this.start()));
    root.hidden = false;
  }

  say(text, priority = CUE) {
    this.voice.say(text, priority);
  }

  tell(text) {
    this.status.textContent = text;
  }

  cannot(reason) {
    const message = `${CANNOT[reason]} Use the ${this.fallback} instead.`;
    this.tell(message);
    this.say(message, STEP);
    this.root.classList.add("cannot");
    this.end();
    this.onCancel();
  }

  // Everything up to listening happens in the tap itself: iOS asks for motion
  // permission only from a tap, and speech is unlocked by one.
  async start() {
    this.unlock();
    this.root.classList.remove("cannot");
    this.sway.hidden = true;
    if (!window.isSecureContext) return this.cannot("insecure");
    if (typeof window.DeviceMotionEvent === "undefined") return this.cannot("missing");
    if (typeof DeviceMotionEvent.requestPermission === "function") {
      let answer = "denied";
      try {
        answer = await DeviceMotionEvent.requestPermission();
      } catch {
        // Asked outside a tap, or the browser would not ask: the same as refused.
      }
      if (answer !== "granted") return this.cannot("refused");
    }
    this.samples = [];
    this.running = true;
    this.button.textContent = "Stop";
    this.button.classList.add("running");
    this.keeper.keep();
    window.addEventListener("devicemotion", this.listener);
    this.tell("Listening to the phone's motion sensors…");
    this.firstReading = setTimeout(() => {
      if (this.samples.length === 0) this.cannot("silent");
    }, FIRST_READING_MS);
    this.ticker = setInterval(() => this.analyse(), ANALYSE_EVERY_MS);
    return undefined;
  }

  take(event) {
    const a = event.accelerationIncludingGravity;
    if (!a || a.x === null || a.x === undefined) return;
    this.samples.push({ t: event.timeStamp, ax: a.x, ay: a.y, az: a.z });
    // The get-ready comes once the phone is known to measure, never before
    // a "cannot measure".
    if (this.samples.length === 1) {
      clearTimeout(this.firstReading);
      if (this.kind === "stance") this.startStance();
      else this.startRaises();
    }
    if (this.samples.length >= MAX_SAMPLES) this.stop();
  }

  // Listening stops; the screen may sleep again.
  end() {
    this.running = false;
    window.removeEventListener("devicemotion", this.listener);
    clearTimeout(this.firstReading);
    clearTimeout(this.cue);
    clearInterval(this.ticker);
    this.keeper.release();
    this.button.textContent = "Measure with this phone";
    this.button.classList.remove("running");
  }

  analyse() {
    if (!this.running || this.samples.length === 0) return;
    if (this.kind === "stance") this.followStance();
    else this.followRaises();
  }

  stop() {
    if (!this.running) return;
    if (this.kind === "stance") this.finishStance();
    else this.finishRaises();
  }

  // The trace kept with the result: at 50 Hz, or slower for a test so long
  // that 50 Hz would pass the server's limit.
  trace() {
    const first = this.samples[0]?.t ?? 0;
    const last = this.samples[this.samples.length - 1]?.t ?? 0;
    const seconds = Math.max((last - first) / 1000, 1);
    const rate = Math.max(1, Math.min(50, Math.floor((MAX_KEPT - 1) / seconds)));
    const trace = keptTrace(this.samples, rate);
    return trace.ax.length >= 2 ? trace : null;
  }

  // ---- single-leg stance ----------------------------------------------------

  startStance() {
    this.settledSaid = false;
    this.endSeen = null;
    this.reading.textContent = "0.0 s";
    this.say("Get ready. Phone flat on your breastbone, stand still on both feet.", STEP);
    this.cue = setTimeout(() => {
      this.liftAsked = performance.now();
      this.say("Lift your foot now.", STEP);
      this.tell("Lift your foot now. Timing starts when you are steady on one leg.");
    }, GET_READY_MS);
  }

  followStance() {
    const stance = analyseStance(this.samples);
    if (stance.settled === null) {
      if (this.liftAsked && performance.now() - this.liftAsked > LIFT_WAIT_MS) {
        this.end();
        const message = `The phone did not feel you lift your foot, so nothing was timed. Try again, or use the ${this.fallback}.`;
        this.tell(message);
        this.say(message, STEP);
        this.onCancel();
      }
      return;
    }
    if (!this.settledSaid) {
      this.settledSaid = true;
      this.say("Timing.", CUE);
      this.tell("Timing: hold still on one leg.");
    }
    if (stance.seconds >= LONGEST_STANCE_S) {
      this.finishStance(stance);
      return;
    }
    if (stance.ended === null) {
      this.reading.textContent = `${stance.seconds.toFixed(1)} s`;
      return;
    }
    // The clock stops at once; the time is worked out again a moment later
    // from everything up to then, as filters judge an end best with what follows it.
    this.endSeen ??= performance.now();
    if (performance.now() - this.endSeen >= AFTER_END_MS) this.finishStance();
  }

  finishStance(found = analyseStance(this.samples)) {
    this.end();
    if (found.settled === null) {
      const message = `The phone did not feel you settle on one leg, so nothing was timed. Try again, or use the ${this.fallback}.`;
      this.tell(message);
      this.say(message, STEP);
      this.onCancel();
      return;
    }
    const seconds = this.round(Math.min(found.seconds, LONGEST_STANCE_S));
    const longest = found.seconds >= LONGEST_STANCE_S ? " That is as long as the test asks: well done." : "";
    this.reading.textContent = `${seconds} s`;
    this.say(`${secondsWords(seconds)}.${longest}`, STEP);
    this.tell(`Measured by this phone: ${secondsWords(seconds)}.${longest} Correct it below if it is wrong, then save.`);
    this.sway.hidden = false;
    this.sway.querySelector("output").textContent = found.sway.toFixed(2);
    this.onResult({ value: seconds, sway: found.sway, trace: this.trace() });
  }

  // ---- heel raises ----------------------------------------------------------

  startRaises() {
    this.full = 0;
    this.partial = 0;
    this.reading.textContent = "0";
    this.say("Get ready. Rise when you hear Go.", STEP);
    this.cue = setTimeout(() => {
      this.goAt = performance.now();
      this.say("Go.", STEP);
      this.tell("Rise and lower at a steady pace; each rise is counted aloud.");
    }, GET_READY_MS);
  }

  followRaises() {
    const lastSample = this.samples[this.samples.length - 1].t;
    const { reps } = countHeelRaises(this.samples);
    // A rise is said once the phone has felt a moment of what follows it, and
    // by the totals, not one by one: as more rises come, the analysis may still
    // tell an early one differently, and the final count says what it settled on.
    const heard = reps.filter((rep) => rep.t <= lastSample - SAY_AFTER_MS);
    const full = heard.filter((rep) => !rep.partial).length;
    while (this.full < full) {
      this.full += 1;
      this.say(String(this.full), COUNT);
    }
    while (this.partial < heard.length - full) {
      this.partial += 1;
      this.say("Partial.", COUNT);
    }
    this.reading.textContent = String(this.full);
    const quietFor = reps.length ? lastSample - reps[reps.length - 1].t : 0;
    const waiting = this.goAt ? performance.now() - this.goAt : 0;
    if ((reps.length && quietFor > QUIET_END_MS) || (!reps.length && waiting > FIRST_RISE_WAIT_MS)) this.finishRaises();
  }

  finishRaises() {
    this.end();
    const { count, partial } = countHeelRaises(this.samples);
    const partWords = partial ? ` and ${partial} partial` : "";
    const rises = `${count} full ${count === 1 ? "rise" : "rises"}${partWords}`;
    this.reading.textContent = String(count);
    this.say(`${rises}.`, STEP);
    this.tell(`Measured by this phone: ${rises}. Only full rises count. Correct it below if it is wrong, then save.`);
    this.onResult({ value: this.round(count), sway: null, trace: this.trace() });
  }
}
