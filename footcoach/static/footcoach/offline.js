// On every page: register the service worker that keeps the site usable
// offline, ask it to keep this page (and any the page lists), and send logs
// still waiting on this device.

if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const listed = document.getElementById("offline-pages");
      const urls = [location.pathname + location.search, ...(listed ? JSON.parse(listed.textContent) : [])];
      registration.active?.postMessage({ type: "keep", urls });
    })
    .catch(() => {
      // Without a service worker the site still works online.
    });
}

// The player sends its own logs; elsewhere, send any that an earlier visit left.
if (!document.getElementById("session-data")) {
  import("./sync.js").then(async ({ openStore, Outbox }) => {
    const store = await openStore();
    if (store.persistent && (await store.all("outbox")).length > 0) new Outbox(store).flushNow();
  });
}
