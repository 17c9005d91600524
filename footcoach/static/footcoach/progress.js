// The record page of a self-test: a one-tap stopwatch that reads the time
// aloud, a counter, and a result kept on the device first, then sent to the
// server once, by its id (the same outbox machinery as session logs).

import { COUNT, CUE, ScreenKeeper, Voice } from "./cues.js";
import { PhoneMeasure } from "./measure.js";
import { Outbox, RESULTS, newId, openStore } from "./sync.js";

const $ = (id) => document.getElementById(id);
const data = JSON.parse($("record-data").textContent);
const form = $("record-form");
const statusLine = $("record-status");
const valueInput = form.elements.namedItem("value") instanceof HTMLInputElement ? form.elements.namedItem("value") : null;
const dateInput = $("id_date");
// A number as a keyboard types it, with a point or a comma, as the server reads it.
const NUMBER = /^[0-9]{1,6}(?:[.,][0-9]{1,4})?$/;
const SIDE_WORDS = { left: "left foot", right: "right foot" };

const voice = new Voice();
let unlocked = false;
let lastClicked = null;
let sent = []; // results saved on this page and not yet confirmed by the server

// Browsers let speech start only from a tap; the first tap on the page opens it.
function unlock() {
  if (unlocked) return;
  unlocked = true;
  voice.unlock();
}

function side() {
  return form.querySelector('input[name="side"]:checked')?.value || null;
}

function sideKey() {
  return side() || "both";
}

function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Rounded to the test's step as the server rounds it, so the page says what is kept.
function stepped(value) {
  const { min, max, step } = data.range;
  const places = (String(step).split(".")[1] || "").length;
  const rounded = min + Math.round((value - min) / step) * step;
  return Number(Math.min(Math.max(rounded, min), max).toFixed(places));
}

function valueWords(value) {
  if (data.unit === "pass-fail") return value >= 1 ? "pass" : "fail";
  if (data.unit === "seconds") return secondsWords(value);
  return `${value} ${data.unit_words}`.trim();
}

function setValue(value) {
  if (valueInput) valueInput.value = value === null ? "" : String(value);
}

// ---- the stopwatch: time is read from the clock, never counted in ticks ------

const secondsWords = (n) => `${n} ${n === 1 ? "second" : "seconds"}`;

class Stopwatch {
  constructor(root) {
    this.button = root.querySelector("#stopwatch-button");
    this.time = root.querySelector("#stopwatch-time");
    this.list = root.querySelector("#tries");
    this.tries = { left: [], right: [], both: [] };
    this.startedAt = null;
    this.ticker = null;
    this.spoken = 0;
    this.keeper = new ScreenKeeper(() => {});
    this.button.addEventListener("click", () => this.toggle());
    root.hidden = false;
    this.show();
  }

  get running() {
    return this.startedAt !== null;
  }

  seconds() {
    return (performance.now() - this.startedAt) / 1000;
  }

  toggle() {
    unlock();
    if (this.running) this.stop();
    else this.start();
  }

  start() {
    this.startedAt = performance.now();
    this.spoken = 0;
    this.button.textContent = "Stop";
    this.button.classList.add("running");
    this.keeper.keep();
    this.ticker = setInterval(() => this.tick(), 100);
    this.tick();
  }

  tick() {
    const seconds = this.seconds();
    this.time.textContent = seconds.toFixed(1);
    // Every five seconds aloud, so the person can keep their eyes on a spot ahead.
    const five = Math.floor(seconds / 5) * 5;
    if (five > this.spoken) {
      this.spoken = five;
      voice.say(String(five), COUNT, 2);
    }
  }

  stop() {
    const seconds = this.seconds();
    clearInterval(this.ticker);
    this.startedAt = null;
    this.keeper.release();
    this.button.classList.remove("running");
    const tries = this.tries[sideKey()];
    tries.push(seconds);
    this.time.textContent = seconds.toFixed(1);
    const best = stepped(Math.max(...tries));
    const heard = secondsWords(stepped(seconds));
    const said = tries.length > 1 ? `${heard}. Best so far ${secondsWords(best)}.` : `${heard}.`;
    voice.say(said, CUE);
    statusLine.textContent = `Try ${tries.length}: ${said}`;
    this.show();
  }

  // The tries and the best of the foot chosen now.
  show() {
    const tries = this.tries[sideKey()];
    this.button.textContent = this.running ? "Stop" : `Start try ${tries.length + 1}`;
    this.list.replaceChildren(...tries.map((seconds, index) => {
      const item = document.createElement("li");
      item.textContent = `Try ${index + 1}: ${seconds.toFixed(1)} s`;
      return item;
    }));
    if (!this.running) {
      this.time.textContent = tries.length ? tries[tries.length - 1].toFixed(1) : "0.0";
    }
    setValue(tries.length ? stepped(Math.max(...tries)) : null);
  }
}

// ---- the counter ------------------------------------------------------------

class Counter {
  constructor(root) {
    this.output = root.querySelector("#count");
    this.counts = { left: 0, right: 0, both: 0 };
    root.querySelector("#count-up").addEventListener("click", () => this.add(1));
    root.querySelector("#count-down").addEventListener("click", () => this.add(-1));
    root.hidden = false;
    this.show();
  }

  add(change) {
    unlock();
    const key = sideKey();
    this.counts[key] = Math.max(0, this.counts[key] + change);
    voice.say(String(this.counts[key]), COUNT, 2);
    this.show();
  }

  show() {
    const count = this.counts[sideKey()];
    this.output.textContent = String(count);
    setValue(count);
  }
}

const widget = $("stopwatch") ? new Stopwatch($("stopwatch")) : $("counter") ? new Counter($("counter")) : null;

// ---- measured by the phone (measure.js) -------------------------------------

// The phone's last measure: saved with the result it filled in (the value may
// be corrected by hand first), forgotten when the manual control is used instead.
let measured = null;
const phoneRoot = $("phone-measure");
if (phoneRoot) {
  new PhoneMeasure(phoneRoot, {
    voice,
    unlock,
    fallback: $("stopwatch") ? "stopwatch" : "counter",
    round: stepped,
    onResult: (measure) => {
      measured = { ...measure, side: side() };
      setValue(measure.value);
    },
    onCancel: () => {
      measured = null;
    },
  });
}
for (const manual of [$("stopwatch"), $("counter")]) {
  manual?.addEventListener("click", () => {
    measured = null;
  });
}

for (const radio of form.querySelectorAll('input[name="side"]')) {
  radio.addEventListener("change", () => widget?.show());
}

// ---- saving -----------------------------------------------------------------

function showProblem(message) {
  let box = $("record-problem");
  if (!box) {
    box = document.createElement("p");
    box.id = "record-problem";
    box.className = "error";
    box.setAttribute("role", "alert");
    form.prepend(box);
  }
  box.textContent = message;
}

function clearProblem() {
  $("record-problem")?.remove();
}

// The same rules as the server's, so that nothing doomed waits on the phone;
// the server still checks every result.
function checked(given) {
  const text = String(given ?? "").trim();
  if (data.per_side && !side()) return { problem: "Choose the left or the right foot." };
  if (!NUMBER.test(text)) return { problem: "Give your result as a number, such as 12 or 12.5." };
  const value = Number(text.replace(",", "."));
  const { min, max } = data.range;
  if (value < min || value > max) return { problem: `${data.name} takes results from ${min} to ${max}; ${value} is outside that.` };
  if (["count", "score-0-10", "pass-fail"].includes(data.unit) && !Number.isInteger(value)) {
    return { problem: `${data.name} takes whole numbers; ${value} is not one.` };
  }
  return { value: stepped(value) };
}

function describe(result) {
  const foot = result.side ? ` for your ${SIDE_WORDS[result.side]}` : "";
  const when = result.date === localToday() ? "today" : `on ${result.date}`;
  const how = result.measured_by === "phone" ? ", measured by this phone" : "";
  return `${valueWords(result.value)}${foot} ${when}${how}`;
}

async function save(given) {
  const { value, problem } = checked(given);
  if (problem) {
    showProblem(problem);
    return;
  }
  clearProblem();
  const result = {
    id: newId(),
    test: data.test,
    side: data.per_side ? side() : null,
    date: dateInput?.value || localToday(),
    value,
    recorded_at: new Date().toISOString(),
  };
  if (measured && measured.side === side()) {
    Object.assign(result, { measured_by: "phone", sway: measured.sway, trace: measured.trace });
    measured = null;
  }
  const outbox = await ready;
  sent.push(result);
  statusLine.textContent = `Saved on this phone: ${describe(result)}. Sending it to footcoach…`;
  await outbox.add(result);
  // The other foot is next, as the procedure says.
  if (result.side) {
    const other = form.querySelector(`input[name="side"][value="${result.side === "left" ? "right" : "left"}"]`);
    if (other) {
      other.checked = true;
      widget?.show();
    }
  }
}

let waitedBefore = 0;

function report({ waiting, refused, problem, persistent }) {
  const parts = [];
  const done = sent.filter((result) => !refused.some((item) => item.result?.id === result.id));
  if (waiting === 0 && done.length) {
    parts.push(`Saved: ${done.map(describe).join("; ")}.`);
    sent = [];
    refreshResults();
  } else if (waiting === 0 && waitedBefore > 0) {
    // Results an earlier visit left on this phone, now on the server.
    parts.push("All your results are saved on footcoach.");
    refreshResults();
  } else if (waiting > 0) {
    parts.push(`${waiting === 1 ? "1 result" : `${waiting} results`} saved on this phone, waiting to be sent.`);
    if (problem) parts.push(problem);
    if (!persistent) parts.push("This browser cannot keep them once the page is closed: keep it open until they are sent.");
  }
  if (refused.length) {
    const first = refused[0].errors[0];
    parts.push(`${refused.length} could not be saved on the server${first ? ` (${first.field}: ${first.message})` : ""}.`);
  }
  waitedBefore = waiting;
  if (parts.length) statusLine.textContent = parts.join(" ");
}

// The results, the chart and the norm as the server now draws them.
async function refreshResults() {
  try {
    const response = await fetch(location.pathname, { credentials: "same-origin" });
    if (!response.ok || response.redirected) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("your-results");
    if (fresh) $("your-results").replaceWith(document.adoptNode(fresh));
  } catch {
    // Offline again: the page keeps what it shows.
  }
}

form.addEventListener("click", (event) => {
  unlock();
  lastClicked = event.target.closest("button");
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const submitter = event.submitter || lastClicked;
  const given = submitter?.name === "value" ? submitter.value : valueInput?.value;
  save(given).catch(() => showProblem("This phone could not keep the result. Try again."));
});

// A page shown from this phone's copy may be from an earlier day.
if (dateInput && !form.querySelector(".has-error")) dateInput.value = localToday();

const ready = openStore().then((store) => new Outbox(store, { url: "/api/results/sync", kind: RESULTS, onChange: report }));
// Results an earlier visit left on this phone go now.
ready.then(async (outbox) => {
  if ((await outbox.store.all(RESULTS.waiting)).length > 0) outbox.flushNow();
});
