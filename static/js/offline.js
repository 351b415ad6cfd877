// What the pages that work offline share (the scanner, the facilitator's group page):
// - bintekOffline.register(swUrl): installs the offline service worker for this page (its scope is
//   the page's own path) and asks it to keep this page, so a reload without a network shows it;
// - bintekOffline.withLock(name, work): runs `work` in one tab at a time (the Web Locks API, or a
//   lease in localStorage where it is missing), so two open tabs never send the same queue twice.
(() => {
  "use strict";

  function register(swUrl, scope) {
    if (!("serviceWorker" in navigator) || !swUrl) return Promise.resolve(null);
    return navigator.serviceWorker.register(swUrl, { scope: scope || window.location.pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // The worker kept this page when it installed; this covers a page opened later under the
        // same worker (another event's scanner, after the worker was already there).
        const worker = registration.active || navigator.serviceWorker.controller;
        const here = window.location.href.split("#")[0];
        if (!worker || !window.caches) return registration;
        return caches.match(here).then((hit) => {
          if (!hit) worker.postMessage({ type: "keep-page", url: here });
          return registration;
        });
      })
      .catch(() => null);
  }

  const LEASE_MS = 30000;

  async function leaseLock(name, work) {
    const key = `bintek:lock:${name}`;
    const me = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const read = () => { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } };
    const held = read();
    if (held && held.owner !== me && held.until > Date.now()) return undefined; // another tab is at it
    localStorage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + LEASE_MS }));
    // Two tabs that wrote at once: the last write wins, the other steps back.
    await new Promise((resolve) => setTimeout(resolve, 60 + Math.random() * 120));
    const now = read();
    if (!now || now.owner !== me) return undefined;
    try {
      return await work();
    } finally {
      const after = read();
      if (after && after.owner === me) localStorage.removeItem(key);
    }
  }

  function withLock(name, work) {
    if (navigator.locks && typeof navigator.locks.request === "function") {
      return navigator.locks.request(`bintek:${name}`, () => work());
    }
    return leaseLock(name, work);
  }

  window.bintekOffline = { register, withLock };
})();
