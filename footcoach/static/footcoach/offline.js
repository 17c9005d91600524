// On every page: tell the server the device's time zone, register the
// service worker that keeps the site usable offline, ask it to keep this page
// (and any the page lists), and send logs still waiting on this device.

// "Today" and the days of sessions are counted on the person's own clock.
// Zone names ("Europe/Paris") hold only characters a cookie may carry as they are.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (/^[\w+\-/]+$/.test(zone || "") && !document.cookie.split("; ").includes(`tz=${zone}`)) {
  document.cookie = `tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
}

const UNKEPT = "footcoach.unkept-pages";

function remembered() {
  try {
    return JSON.parse(sessionStorage.getItem(UNKEPT) || "[]");
  } catch {
    return [];
  }
}

function remember(urls) {
  try {
    sessionStorage.setItem(UNKEPT, JSON.stringify(urls));
  } catch {
    // Without session storage a page left very quickly is kept on a later visit.
  }
}

// Pages offer "Sign in" only to someone signed out.
const signedOut = Boolean(document.querySelector('header.site a[href^="/accounts/signin"]'));

function loadedAndIdle() {
  return new Promise((resolve) => {
    const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 0));
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  });
}

if ("serviceWorker" in navigator) {
  const here = location.pathname + location.search;
  const listed = document.getElementById("offline-pages");
  // A page the worker served is already kept. One opened before the worker
  // was ready is remembered until the worker has been asked to keep it, even
  // if the person moves on quickly.
  const waiting = [...new Set([...remembered(), ...(navigator.serviceWorker.controller ? [] : [here])])];
  remember(waiting);
  // The worker and the pages it keeps are fetched once this page has loaded
  // and the browser is idle, so they never slow the page the person opened.
  loadedAndIdle()
    .then(() => navigator.serviceWorker.register("/sw.js", { scope: "/" }))
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // Signed out, the last person's own pages are dropped from this device.
      if (signedOut) {
        registration.active?.postMessage({ type: "forget-personal" });
      }
      registration.active?.postMessage({ type: "keep", urls: [...waiting, ...(listed ? JSON.parse(listed.textContent) : [])] });
      remember([]);
    })
    .catch(() => {
      // Without a service worker the site still works online.
    });
}

// The player sends its own logs; elsewhere, send any that an earlier visit left.
// A guest's logs wait until they sign in or create an account: the first page
// after that sends them to the new account.
// Self-test results waiting on this device go the same way (the record page sends its own).
if (!document.getElementById("session-data") && !signedOut) {
  import("./sync.js").then(async ({ adoptGuestLogs, openStore, Outbox, RESULTS, settleSessions }) => {
    const store = await openStore();
    if (!store.persistent) return;
    await adoptGuestLogs(store);
    await settleSessions(store);
    if ((await store.all("outbox")).length > 0) new Outbox(store).flushNow();
    if (!document.getElementById("record-data") && (await store.all(RESULTS.waiting)).length > 0) {
      new Outbox(store, { url: "/api/results/sync", kind: RESULTS }).flushNow();
    }
  });
}
