// The plan page: a session done on this phone but not yet sent (offline, say)
// is not in the plan the server drew, nor in the copy kept for offline. Its
// card says what this phone knows instead of offering a stale "Start".

import { openStore } from "./sync.js";

const today = document.querySelector("section.today");

function localDay(instant) {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function clock(instant) {
  return new Date(instant).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function finished(log) {
  return !log.stopped_reason && !(log.entries || []).some((entry) => entry.skipped);
}

// The last log of each program today, of the logs this phone has not sent yet.
function lastToday(logs, day) {
  const last = new Map();
  for (const log of logs) {
    if (!log || localDay(log.started_at) !== day) continue;
    const before = last.get(log.program);
    if (!before || String(before.started_at) < String(log.started_at)) last.set(log.program, log);
  }
  return last;
}

function mark(card, log) {
  const actions = card.querySelector(".session-actions, .stopped");
  if (!actions || card.querySelector(".on-this-phone")) return;
  const note = document.createElement("div");
  note.className = "on-this-phone";
  const said = document.createElement("p");
  said.className = "done";
  const when = clock(log.ended_at || log.started_at);
  if (finished(log)) {
    said.textContent = `Done today on this phone, at ${when}. It is sent to footcoach when the phone is online again.`;
  } else if (log.stopped_reason) {
    said.textContent = `Stopped today on this phone, at ${when}. Rest the foot today, and see how it feels tomorrow morning.`;
  } else {
    said.textContent = `Started today on this phone, at ${when}, not finished.`;
  }
  note.append(said);
  // Starting again stays possible, one deliberate step away, as for any session done today.
  const again = actions.querySelector("a.start");
  if (again) {
    const details = document.createElement("details");
    details.className = "restart";
    const summary = document.createElement("summary");
    summary.textContent = "Start it again today";
    again.classList.add("secondary");
    details.append(summary, again);
    note.append(details);
  }
  actions.replaceWith(note);
}

if (today) {
  openStore().then(async (store) => {
    const logs = await store.all("outbox");
    for (const [program, log] of lastToday(logs, today.dataset.day)) {
      const card = today.querySelector(`article.session[data-program="${CSS.escape(program)}"]`);
      // What the server already shows as done needs no word from this phone.
      if (card && card.dataset.state !== "done") mark(card, log);
    }
  }).catch(() => {
    // Without storage on this device nothing was done offline here.
  });
}
