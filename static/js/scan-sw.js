// The scanner's service worker: the scanner page and its files keep working without a network.
// Pages under /scan/ are fetched from the network first and from the cache when offline; static
// files from the cache at once, refreshed behind. The API is never cached (scans wait in IndexedDB instead).
const CACHE = "bintek-scan-v1";
const FILES = [
  "/static/vendor/pico/pico.min.css",
  "/static/css/app.css",
  "/static/css/checkin.css",
  "/static/js/app.js",
  "/static/js/scan.js",
  "/static/vendor/idb-keyval/idb-keyval.umd.js",
  "/static/vendor/barcode-detector/barcode-detector.ponyfill.js",
  "/static/vendor/barcode-detector/zxing_reader.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("bintek-scan") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/scan/")) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request).then((hit) => hit || Response.error())),
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
