// Device-first logging: the session in progress and the finished logs live in
// IndexedDB, and an outbox posts the logs to the server until it confirms them.

import { buildLog, isOver } from "./record.js";

// Each account keeps its own store on the device, so that on a shared phone
// nobody resumes, sees or sends another person's sessions. A guest (and every
// device from before stores were per account) uses the plain name; the first
// page a person opens after signing in takes the guest's logs over.
const GUEST_DB = "footcoach";
// Version 2 added the self-test results' stores; an upgrade only adds the
// stores missing, so what a device kept before stays.
const DB_VERSION = 2;

function databaseName() {
  const account = document.body?.dataset.account;
  return account ? `${GUEST_DB}-account-${account}` : GUEST_DB;
}
// sessions: the session in progress, one per program, keyed by program id.
// outbox: finished logs not yet confirmed by the server, keyed by log id.
// refused: logs the server refused, kept so that nothing is silently dropped.
// results, results-refused: the same two for self-test results (progress.js).
const STORES = ["sessions", "outbox", "refused", "results", "results-refused"];

const BATCH = 50;
const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 5 * 60 * 1000;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

class IndexedStore {
  constructor(db) {
    this.db = db;
    this.persistent = true;
  }

  async run(store, mode, action) {
    const transaction = this.db.transaction(store, mode);
    const result = await request(action(transaction.objectStore(store)));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  }

  get(store, key) {
    return this.run(store, "readonly", (s) => s.get(key));
  }

  put(store, key, value) {
    return this.run(store, "readwrite", (s) => s.put(value, key));
  }

  delete(store, key) {
    return this.run(store, "readwrite", (s) => s.delete(key));
  }

  all(store) {
    return this.run(store, "readonly", (s) => s.getAll());
  }
}

// Used when IndexedDB cannot be opened (some private modes): the page works,
// but nothing outlives it, and the page says so.
class MemoryStore {
  constructor() {
    this.persistent = false;
    this.stores = Object.fromEntries(STORES.map((name) => [name, new Map()]));
  }

  async get(store, key) {
    return structuredClone(this.stores[store].get(key));
  }

  async put(store, key, value) {
    this.stores[store].set(key, structuredClone(value));
  }

  async delete(store, key) {
    this.stores[store].delete(key);
  }

  async all(store) {
    return [...this.stores[store].values()].map((value) => structuredClone(value));
  }
}

function openDatabase(name) {
  return new Promise((resolve, reject) => {
    if (!("indexedDB" in window)) {
      reject(new Error("no IndexedDB"));
      return;
    }
    const req = indexedDB.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      for (const name of STORES) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
      }
    };
    req.onsuccess = () => {
      // A page opened later with a newer version asks this one to let go.
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("IndexedDB blocked"));
  });
}

let opened = null;

// The store of whoever is signed in on this page, or the guest's.
export function openStore() {
  opened ??= openDatabase(databaseName()).then(
    (db) => new IndexedStore(db),
    () => new MemoryStore(),
  );
  return opened;
}

// Moves what a guest did on this device into the signed-in person's store:
// sessions over become logs, and logs waiting or refused move across, each
// written to the new store before it leaves the old one, so none is lost.
export async function adoptGuestLogs(store) {
  if (!store.persistent || databaseName() === GUEST_DB) return;
  let guest;
  try {
    guest = new IndexedStore(await openDatabase(GUEST_DB));
  } catch {
    return;
  }
  await settleSessions(guest);
  for (const name of ["outbox", "refused"]) {
    for (const item of await guest.all(name)) {
      const id = name === "outbox" ? item.id : item.log.id;
      await store.put(name, id, item);
      await guest.delete(name, id);
    }
  }
  guest.db.close();
}

// Sessions that are over (finished, stopped, or long abandoned) but were never
// handed to the outbox, say because the tab closed on the last screen, go there now.
export async function settleSessions(store) {
  for (const session of await store.all("sessions")) {
    if (session.saved || !isOver(session)) continue;
    if (Object.keys(session.entries).length > 0) await store.put("outbox", session.id, buildLog({ ...session, saved: true }));
    await store.delete("sessions", session.program);
  }
}

export function csrfToken(fallback = "") {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : fallback;
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Posts waiting logs, oldest first, until the server says each one is stored
// (or was already). Failures back off exponentially; coming online retries at once.
// With no url (a guest, not signed in) the logs wait on this device: the first
// page opened after signing in or creating an account sends them (offline.js),
// and the server stores each log once, by its id.
// The self-test results use the same machinery with their own stores (RESULTS).
export class Outbox {
  constructor(store, { url = "/api/logs/sync", token = "", onChange = () => {}, kind = LOGS } = {}) {
    this.store = store;
    this.url = url;
    this.token = token;
    this.onChange = onChange;
    this.kind = kind;
    this.failures = 0;
    this.timer = null;
    this.flushing = null;
    this.problem = "";
    window.addEventListener("online", () => this.flushNow());
  }

  async add(log) {
    await this.store.put(this.kind.waiting, log.id, log);
    await this.report();
    this.flushNow();
  }

  async status() {
    const [waiting, refused] = await Promise.all([this.store.all(this.kind.waiting), this.store.all(this.kind.refused)]);
    return { waiting: waiting.length, refused, problem: this.problem, persistent: this.store.persistent, held: !this.url };
  }

  async report() {
    this.onChange(await this.status());
  }

  flushNow() {
    clearTimeout(this.timer);
    this.timer = null;
    this.failures = 0;
    return this.flush();
  }

  flush() {
    // One flush at a time; a caller during one waits for it.
    this.flushing ??= this.send().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async send() {
    const { waiting: waitingStore, refused: refusedStore, field, order, words } = this.kind;
    const waiting = await this.store.all(waitingStore);
    if (waiting.length === 0) {
      this.problem = "";
      await this.report();
      return;
    }
    if (!this.url) {
      await this.report();
      return;
    }
    waiting.sort((a, b) => order(a).localeCompare(order(b)));
    const batch = waiting.slice(0, this.kind.batch || BATCH);
    let answer;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken(this.token),
          // Whose page this is: the server refuses the logs if someone else is signed in now.
          ...(document.body?.dataset.account ? { "X-Footcoach-Account": document.body.dataset.account } : {}),
        },
        body: JSON.stringify({ [field]: batch.map(this.kind.sent) }),
      });
      if (response.status === 401 || response.status === 403) throw new Problem(`Sign in again to sync your ${words}.`);
      if (!response.ok) throw new Problem(`The server could not take the ${words} yet (${response.status}).`);
      answer = await response.json();
    } catch (error) {
      this.problem = error instanceof Problem ? error.message : `Offline: ${words} will sync when you are back online.`;
      this.retryLater();
      await this.report();
      return;
    }
    for (const id of [...(answer.stored || []), ...(answer.already || [])]) {
      await this.store.delete(waitingStore, id);
    }
    for (const refusal of answer.refused || []) {
      const log = batch[refusal.index] || batch.find((item) => item.id === refusal.id);
      if (!log) continue;
      // Retrying cannot help a log the server refuses; keep it aside with the reason.
      await this.store.put(refusedStore, log.id, { [this.kind.item]: log, errors: refusal.errors || [] });
      await this.store.delete(waitingStore, log.id);
    }
    this.failures = 0;
    this.problem = "";
    await this.report();
    if (waiting.length > batch.length) await this.send();
  }

  retryLater() {
    clearTimeout(this.timer);
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.failures, LAST_RETRY_MS);
    this.failures += 1;
    // Jitter keeps many devices from retrying in step after an outage.
    this.timer = setTimeout(() => this.flush(), delay * (0.75 + Math.random() * 0.5));
  }
}

class Problem extends Error {}

// What an outbox keeps where, and how it sends it: session logs, oldest first.
export const LOGS = {
  waiting: "outbox",
  refused: "refused",
  field: "logs",
  item: "log",
  words: "logs",
  order: (log) => log.ended_at || "",
  sent: (log) => log,
};

// Self-test results, in the order they were recorded: a later result of the
// same test, side and day replaces an earlier one on the server. The time it
// was recorded stays on the device.
export const RESULTS = {
  waiting: "results",
  refused: "results-refused",
  field: "results",
  item: "result",
  words: "results",
  order: (result) => result.recorded_at || "",
  sent: ({ recorded_at: _recorded, ...result }) => result,
  // A result measured by the phone carries its motion trace (up to about
  // 300 kB): a few at a time stay well inside the server's body limit.
  batch: 5,
};

export function describeStatus({ waiting, refused, problem, persistent, held = false }) {
  const parts = [];
  if (held) {
    const kept = waiting === 1 ? "1 session is" : `${waiting} sessions are`;
    return waiting === 0
      ? "Sessions you do here are kept on this device until you create an account or sign in."
      : `${kept} kept on this device. Create an account or sign in to add ${waiting === 1 ? "it" : "them"} to your plan.`;
  }
  if (waiting === 0) parts.push(persistent ? "All sessions synced." : "Nothing waiting to sync.");
  else parts.push(`${waiting} ${waiting === 1 ? "session" : "sessions"} waiting to sync.`);
  if (waiting > 0 && problem) parts.push(problem);
  if (refused.length > 0) {
    const first = refused[0].errors[0];
    const why = first ? ` (${first.field}: ${first.message})` : "";
    parts.push(`${refused.length} could not be saved on the server${why}.`);
  }
  return parts.join(" ");
}
