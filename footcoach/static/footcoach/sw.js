// footcoach's service worker, served as /sw.js so that it covers the whole site.
// Pages: network first, the saved copy when offline. Static files: the saved
// copy at once (refreshed in the background only under a name with no hash).
// The API is never touched, and a form sent offline gets a page saying it was
// not sent.

// STATIC_FILES, SITE_CSS and STATIC_RELEASE come first in the worker's text,
// given by the server: the static files' names carry a hash of their content.
// Bump VERSION when this file's way of keeping things changes; a new release of
// the static files gets a new cache of its own (STATIC_RELEASE).
const VERSION = "17";
const STATIC_CACHE = `footcoach-static-${VERSION}-${STATIC_RELEASE}`;
const PAGE_CACHE = "footcoach-pages";
const PUBLIC_PAGES = ["/"];
// A slow network should not keep a person waiting when a saved copy exists.
const PAGE_TIMEOUT_MS = 4000;
// Pages opened through the worker are refreshed on every visit; the others it
// keeps are fetched again when their copy is older than this.
const KEEP_FRESH_MS = 60 * 60 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    await cache.addAll(STATIC_FILES);
    // The pages are asked for by the pages themselves (offline.js): what the
    // person needs next, once the page they opened has loaded.
    await keepPages(PUBLIC_PAGES);
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((n) => n.startsWith("footcoach-static-") && n !== STATIC_CACHE);
    await keepWhatSavedPagesUse(old);
    await Promise.all(old.map((n) => caches.delete(n)));
    // Take charge of the open tabs now, without reloading them.
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "keep" && Array.isArray(event.data.urls)) {
    event.waitUntil(keepPages(event.data.urls));
  } else if (event.data?.type === "forget-personal") {
    event.waitUntil(forgetPersonalPages());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    if (request.mode === "navigate") event.respondWith(sendForm(request));
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (!kept(url)) {
    // Never kept, but offline it still gets our own page, not the browser's error.
    if (request.mode === "navigate") event.respondWith(fromNetwork(request).catch(() => offlinePage(NOT_KEPT_TEXT)));
    return;
  }
  if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(staticFirst(event, request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageFromNetwork(request));
  }
});

// Account pages hold forms and private details; they are never kept.
const NEVER_KEPT = ["/account", "/api/", "/sw.js"];
const kept = (url) => !NEVER_KEPT.some((prefix) => url.pathname.startsWith(prefix));

// After signing out, a shared phone should not show the last person's plan or
// sessions offline. The public pages stay.
async function forgetPersonalPages() {
  const cache = await caches.open(PAGE_CACHE);
  const publicPaths = new Set(PUBLIC_PAGES);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!publicPaths.has(path) && !path.startsWith("/library")) await cache.delete(request);
  }
}

// A page kept from an earlier release asks for that release's static files, by
// their hashed names: those are carried over from the old caches before they go,
// so that the page still opens offline with its style and scripts.
async function keepWhatSavedPagesUse(oldCaches) {
  if (oldCaches.length === 0) return;
  const pages = await caches.open(PAGE_CACHE);
  const used = new Set();
  for (const request of await pages.keys()) {
    const response = await pages.match(request, { ignoreVary: true });
    const html = response ? await response.text() : "";
    for (const [path] of html.matchAll(/\/static\/[^"'\s)?#]+/g)) used.add(path);
  }
  const current = await caches.open(STATIC_CACHE);
  for (const name of oldCaches) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!used.has(new URL(request.url).pathname) || await current.match(request)) continue;
      const response = await cache.match(request);
      if (response) await current.put(request, response);
    }
  }
}

// Saves pages for offline use. A page that needs signing in answers with a
// redirect while signed out: it is not followed, because rendering the sign-in
// page here would set a new CSRF cookie under the form the person is filling in.
// A copy younger than KEEP_FRESH_MS is left alone, so that opening pages does
// not keep fetching the same ones in the background.
async function keepPages(urls) {
  const cache = await caches.open(PAGE_CACHE);
  const wanted = [...new Set(urls)].filter((url) => kept(new URL(url, self.location.origin)));
  await Promise.all(wanted.map(async (url) => {
    const saved = await cache.match(url, { ignoreVary: true });
    if (saved && Date.now() - Date.parse(saved.headers.get("date") || 0) < KEEP_FRESH_MS) return;
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (!response.ok) return;
      const html = await response.clone().text();
      await cache.put(url, response);
      await keepStaticOf(html, new URL(url, self.location.origin).href);
    } catch {
      // Offline right now; the page is kept on a later visit.
    }
  }));
}

// A page kept for offline needs its style and scripts too, and the modules
// those import: a page opened before the worker was ready asked for them
// without it, and only the player's and the plan's are kept on installing.
const ASSET = /\b(?:src|href)="(\/static\/[^"]+)"/g;
const MODULE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

async function keepStaticOf(html, pageUrl) {
  const cache = await caches.open(STATIC_CACHE);
  const seen = new Set();
  const waiting = [...html.matchAll(ASSET)].map((found) => new URL(found[1], pageUrl).href);
  while (waiting.length > 0) {
    const url = waiting.pop();
    if (seen.has(url)) continue;
    seen.add(url);
    let response = await cache.match(url, { ignoreVary: true });
    if (!response) {
      try {
        response = await fetch(url);
      } catch {
        continue;
      }
      if (!response.ok) continue;
      await cache.put(url, response.clone());
    }
    if (new URL(url).pathname.endsWith(".js")) {
      const code = await response.text();
      for (const found of code.matchAll(MODULE_IMPORT)) waiting.push(new URL(found[1], url).href);
    }
  }
}

// Back or Forward to a page that answered a form asks for a stored copy only,
// which no one keeps: the page the form was on is shown instead, rather than
// sending the form again or claiming to be offline.
async function sendForm(request) {
  if (request.cache === "only-if-cached") {
    const from = new URL(request.referrer || "/", self.location.origin);
    return Response.redirect(from.origin === self.location.origin ? from.href : "/", 303);
  }
  try {
    return await fetch(request);
  } catch {
    return offlinePage(NOT_SENT_TEXT, NOT_SENT_HINT);
  }
}

// The page a form's answer is left for keeps the form's "stored copy only"
// mode, which a worker may not fetch with: ask the server as for any visit.
function fromNetwork(request) {
  if (request.cache !== "only-if-cached") return fetch(request);
  return fetch(request.url, { credentials: "same-origin", redirect: "manual" });
}

// A name with a hash of the content never changes what it holds: a saved copy
// of it needs no refreshing.
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

async function staticFirst(event, request) {
  const cache = await caches.open(STATIC_CACHE);
  const saved = await cache.match(request, { ignoreVary: true });
  if (saved && HASHED.test(new URL(request.url).pathname)) return saved;
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (saved) {
    event.waitUntil(fresh.catch(() => {}));
    return saved;
  }
  return fresh;
}

async function pageFromNetwork(request) {
  const cache = await caches.open(PAGE_CACHE);
  const network = fromNetwork(request).then(async (response) => {
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  });
  try {
    return await withTimeout(network, PAGE_TIMEOUT_MS);
  } catch {
    // Pages vary on the session cookie; on this device there is one person.
    const saved = await cache.match(request, { ignoreVary: true })
      || await cache.match(request, { ignoreVary: true, ignoreSearch: true });
    if (saved) return savedCopy(saved);
    try {
      return await network;
    } catch {
      return offlinePage();
    }
  }
}

// A kept page answered in place of the network's says so: its <html> gets
// data-saved-copy, which shows the page's own notice of when it was saved.
async function savedCopy(response) {
  const html = (await response.text()).replace(/<html\b/i, "<html data-saved-copy");
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

const NOT_SAVED_TEXT = "This page was not saved on this device yet.";
const NOT_KEPT_TEXT = "Account pages are never saved on this device, to keep them private: they need a connection.";
const NOT_SENT_TEXT = "What you just sent did not reach footcoach, so nothing was saved.";
const NOT_SENT_HINT = "Go back, and send it again when you have a connection.";
const SEEN_HINT = "Pages you have opened before, and the session players, work without a connection.";

function offlinePage(why = NOT_SAVED_TEXT, hint = SEEN_HINT) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · footcoach</title>
<link rel="stylesheet" href="${SITE_CSS}"></head>
<body><main id="main"><h1>You are offline</h1>
<p>${why} ${hint}</p>
<p><a href="/">Go to the home page</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
