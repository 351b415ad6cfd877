// The offline service worker of the scanner (/scan/<slug>) and the facilitator's group page
// (/manage/events/<slug>/groups/<id>/). Each page registers it with its own path as the scope.
// Installing it keeps the page that registered it and every file those pages load, and it takes
// control at once (skipWaiting, clients.claim): a page opened once works offline, reload included.
// Pages are fetched from the network first and from the cache when offline; static files from the
// cache at once, refreshed behind. The API is never cached (queued work waits in IndexedDB instead).
const CACHE = "bintek-offline-v2";
const FILES = [
  "/static/vendor/pico/pico.min.css",
  "/static/css/app.css",
  "/static/css/checkin.css",
  "/static/css/groups.css",
  "/static/js/app.js",
  "/static/js/offline.js",
  "/static/js/scan.js",
  "/static/js/rtl.js",
  "/static/vendor/idb-keyval/idb-keyval.umd.js",
  "/static/vendor/barcode-detector/barcode-detector.ponyfill.js",
  "/static/vendor/barcode-detector/zxing_reader.wasm",
];
// The pages kept for offline use; any other page in a scope goes to the network as usual.
const OFFLINE_PAGE = /^\/(scan\/[^/]+|manage\/events\/[^/]+\/groups\/\d+\/)$/;

const inScope = (url) => url.startsWith(self.registration.scope) && OFFLINE_PAGE.test(new URL(url).pathname);

async function keepPage(cache, url) {
  const clean = url.split("#")[0];
  if (!inScope(clean)) return;
  const response = await fetch(clean, { credentials: "same-origin", cache: "no-store" });
  // A page that redirected (signed out: the sign-in page) is not the page: never keep it.
  if (response.ok && !response.redirected) await cache.put(clean, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES);
    // The page that registered this worker is open but not controlled yet: keep it now, so the
    // first reload without a network already finds it.
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    await Promise.all(windows.map((client) => keepPage(cache, client.url).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("bintek-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-page" && typeof data.url === "string") {
    event.waitUntil(caches.open(CACHE).then((cache) => keepPage(cache, data.url)).catch(() => undefined));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && OFFLINE_PAGE.test(url.pathname)) {
    const key = url.origin + url.pathname;
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
          }
          return response;
        })
        .catch(() => caches.match(key).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Stale while revalidate: the cached copy at once, a fresh one for next time.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => {
        const fresh = fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
        if (hit) {
          event.waitUntil(fresh.catch(() => undefined));
          return hit;
        }
        return fresh;
      })),
    );
  }
});
