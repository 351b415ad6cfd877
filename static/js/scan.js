// The scanner phone (DESIGN.md §4, issue 5). Scans go to POST /api/checkins at once when the
// network is there; otherwise they wait in IndexedDB (with their scan id and time) and go in one
// batch when it returns. The roster (hashed ticket codes -> name, institution, group, role,
// status) is kept on the phone so an offline scan still shows who it is and refuses a forged code.
// Times are shown in the event's time zone, whatever the phone's. A scan for a participant at a
// breakout of another group asks staff first ("wrong_group", then a second tap sends it with
// "confirm": true); offline it is queued and the server records it flagged for review.
(() => {
  "use strict";
  const root = document.getElementById("scanner");
  if (!root) return;
  const cfg = root.dataset;
  const slug = cfg.slug;
  const KEYS = { roster: `bintek:roster:${slug}`, queue: `bintek:queue:${slug}`, seen: `bintek:seen:${slug}` };
  const TOKEN_KEY = `bintek:device:${slug}`;
  const SESSION_KEY = `bintek:session:${slug}`;
  const $ = (id) => document.getElementById(id);
  const idb = window.idbKeyval;
  const offline = window.bintekOffline;

  let roster = null;          // {fetched_at, sessions, participants}
  let byHash = new Map();
  let byNumber = new Map();
  let seen = new Set();       // "hash|session" scanned on this phone
  let flushing = false;
  let detector = null;
  let stream = null;
  let lastText = "";
  let lastAt = 0;
  let skew = 0;               // the server's clock minus this phone's, from the roster
  let pendingConfirm = null;  // the scan a "wrong group" answer waits on

  const msg = (key, values = {}) => {
    let text = cfg["msg" + key.replace(/(^|-)(\w)/g, (m, dash, c) => c.toUpperCase())] || key;
    for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, value);
    return text;
  };
  const now = () => Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID() :
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));
  // Hours and minutes in the event's time zone, written the page's way (12.30 in Indonesian).
  const timeFormat = (() => {
    const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { ...options, timeZone: cfg.tz });
    } catch (e) {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
    }
  })();
  const clock = (isoText) => (isoText ? timeFormat.format(new Date(isoText)) : "");
  const serverNow = () => now() + skew;
  const sessionByCode = (code) => (roster ? roster.sessions.find((s) => s.code === code) : null) || null;
  // A breakout's groups, short ("Klaster I" of "Klaster I – Hak Sipil dan Kebebasan").
  const groupsLabel = (s) => (s.groups || []).map((name) => name.split(" – ")[0].trim()).join(" + ");
  const sessionLabel = (s) => [groupsLabel(s), `${s.local_day} ${clock(s.starts_at)}`, s.title].filter(Boolean).join(" · ");
  // A participant scanned into a breakout that is not for their group (from the phone's roster).
  const wrongGroup = (p, s) => !!(p && s && !s.for_everyone && p.role === "peserta" && !(s.groups || []).includes(p.group));
  const fold = (text) => (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  // ---- who is calling -------------------------------------------------------------------
  const deviceToken = () => localStorage.getItem(TOKEN_KEY);
  function headers() {
    const h = { "Content-Type": "application/json" };
    if (cfg.mode === "device") {
      const token = deviceToken();
      if (token) h.Authorization = "Bearer " + token;
    } else {
      const meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) h["X-CSRFToken"] = meta.content;
    }
    return h;
  }
  async function api(method, url, body) {
    const response = await fetch(url, {
      method, headers: headers(), credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    return { status: response.status, json };
  }

  function banner(text, link) {
    const el = $("scan-banner");
    el.textContent = text || "";
    if (text && link) {
      const a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      el.append(" ", a);
    }
    el.hidden = !text;
  }

  // Under the picker: the whole label of the chosen session and whether check-in is open.
  function showWindow() {
    const s = sessionByCode($("scan-session").value);
    $("scan-session-label").textContent = s ? sessionLabel(s) : "";
    const el = $("scan-window");
    el.textContent = "";
    if (!s) return;
    const t = serverNow();
    const opens = Date.parse(s.opens_at);
    const closes = Date.parse(s.closes_at);
    if (t < opens) el.textContent = msg("opens-at", { time: clock(s.opens_at) });
    else if (t > closes) el.textContent = msg("closed-at", { time: clock(s.closes_at) });
    else el.textContent = msg("open-until", { time: clock(s.closes_at) });
    el.dataset.state = t < opens ? "not-open" : t > closes ? "closed" : "open";
  }

  // ---- roster -----------------------------------------------------------------------------
  function useRoster(data) {
    roster = data;
    if (typeof data.skew === "number") skew = data.skew;
    byHash = new Map(data.participants.map((p) => [p.hash, p]));
    byNumber = new Map(data.participants.map((p) => [String(p.number), p]));
    const select = $("scan-session");
    const chosen = localStorage.getItem(SESSION_KEY);
    select.innerHTML = "";
    const t = serverNow();
    let best = null;
    for (const s of data.sessions) {
      const option = document.createElement("option");
      option.value = s.code;
      // A breakout's group first (five parallel rooms differ there), then day and time in the
      // event's own time zone, as the agenda prints them.
      option.textContent = sessionLabel(s);
      select.appendChild(option);
      if (!best && Date.parse(s.opens_at) <= t && t <= Date.parse(s.closes_at)) best = s.code;
      if (!best && Date.parse(s.opens_at) > t) best = s.code;
    }
    if (chosen && data.sessions.some((s) => s.code === chosen)) select.value = chosen;
    else if (best) select.value = best;
    select.disabled = data.sessions.length === 0;
    showWindow();
  }

  async function loadRoster() {
    if (cfg.mode === "device" && !deviceToken()) {
      banner(msg("not-paired"), { href: cfg.loginUrl, text: msg("sign-in") });
      return;
    }
    try {
      const { status, json } = await api("GET", cfg.rosterUrl);
      if (status === 200 && json) {
        json.fetched_at = iso(now());
        if (json.now) json.skew = Date.parse(json.now) - now();
        await idb.set(KEYS.roster, json);
        useRoster(json);
        $("scan-roster-age").textContent = "";
        banner("");
        return;
      }
      if (status === 401 || status === 403) banner(msg("auth"));
    } catch (e) { /* offline: fall back to the copy on the phone */ }
    const saved = await idb.get(KEYS.roster);
    if (saved) {
      useRoster(saved);
      $("scan-roster-age").textContent = msg("roster-old", { time: clock(saved.fetched_at) });
    } else {
      $("scan-roster-age").textContent = msg("no-roster");
    }
  }

  // ---- results ------------------------------------------------------------------------------
  const LEVEL = {
    ok: "ok", queued: "ok", already_checked_in: "warn", duplicate_scan: "warn", offline_already: "warn",
  };
  let audio = null;
  function feedback(level) {
    try {
      if (navigator.vibrate) navigator.vibrate(level === "ok" ? 80 : level === "warn" ? [80, 60, 80] : 400);
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = level === "ok" ? 880 : level === "warn" ? 520 : 220;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + (level === "error" ? 0.45 : 0.15));
    } catch (e) { /* no sound: fine */ }
  }

  function show(status, participant, checkedInAt, extra = {}) {
    const s = sessionByCode(extra.session);
    const notOpenYet = status === "outside_window" && s && serverNow() < Date.parse(s.opens_at);
    const level = extra.flagged || status === "wrong_group" || notOpenYet ? "warn" : LEVEL[status] || "error";
    const titles = {
      ok: msg("ok"), queued: msg("queued"), already_checked_in: msg("already", { time: clock(checkedInAt) }),
      duplicate_scan: msg("duplicate"), invalid: msg("invalid"), cancelled: msg("cancelled"),
      wrong_event: msg("wrong-event"), unknown_session: msg("unknown-session"),
      // Not open yet is not "closed": say when it opens.
      outside_window: notOpenYet ? msg("opens-at", { time: clock(s.opens_at) }) : msg("outside-window"),
      clock_skew: msg("clock-skew"), wrong_group: msg("wrong-group"),
      offline_unknown: msg("offline-unknown"), offline_already: msg("offline-already"),
    };
    const box = $("scan-result");
    box.hidden = false;
    box.className = `scan-result scan-${level}`;
    box.dataset.status = status;
    box.dataset.flagged = extra.flagged ? "1" : "";
    $("scan-result-title").textContent = titles[status] || status;
    $("scan-result-name").textContent = participant ? participant.name : "";
    const detail = participant
      ? [participant.institution, participant.role, participant.group].filter(Boolean) : [];
    if (status === "wrong_group" && participant) {
      detail.splice(0, detail.length, msg("own-group", { group: participant.group || msg("no-group") }));
      if (s && groupsLabel(s)) detail.push(msg("this-room", { group: groupsLabel(s) }));
    }
    if (extra.flagged) detail.push(msg("flagged"));
    $("scan-result-detail").textContent = detail.join(" · ");
    // The second, deliberate tap: record this person here anyway (flagged for review).
    pendingConfirm = status === "wrong_group" && extra.scan ? extra.scan : null;
    $("scan-confirm").hidden = !pendingConfirm;
    feedback(level);
  }

  // ---- the queue ------------------------------------------------------------------------------
  async function pending() { return (await idb.get(KEYS.queue)) || []; }
  async function showPending() {
    const n = (await pending()).length;
    $("scan-pending").textContent = n ? msg("pending", { n }) : msg("all-sent");
    $("scan-pending").dataset.pending = n;
  }
  async function enqueue(scan) {
    await idb.update(KEYS.queue, (queue) => (queue || []).concat([scan]));
    await showPending();
  }
  async function remember(key) {
    seen.add(key);
    await idb.set(KEYS.seen, Array.from(seen));
  }

  // Sends the queue in batches of 500, inside a lock across tabs; the queue is read inside it, so
  // a second tab waits, then finds what the first one sent already gone.
  async function sendQueue() {
    for (;;) {
      const queue = await pending();
      if (!queue.length) return;
      const batch = queue.slice(0, 500);
      const { status, json } = await api("POST", cfg.checkinsUrl, {
        scans: batch.map((scan) => ({ ...scan, sent_at: iso(now()) })),
      });
      if (!(status === 200 && json && Array.isArray(json.results))) {
        if (status === 401 || status === 403) banner(msg("auth"));
        return;
      }
      const done = new Set(batch.map((scan) => scan.scan_id));
      await idb.update(KEYS.queue, (q) => (q || []).filter((scan) => !done.has(scan.scan_id)));
      banner("");
      $("scan-roster-age").textContent = msg("sent", { n: batch.length });
    }
  }

  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      await offline.withLock(`scan-queue:${slug}`, sendQueue);
    } catch (e) { /* still offline */ }
    flushing = false;
    await showPending();
  }

  // ---- one scan ---------------------------------------------------------------------------------
  function codeFrom(text) {
    let t = (text || "").trim().split("?")[0].split("#")[0].replace(/\/+$/, "");
    return t.slice(t.lastIndexOf("/") + 1).trim();
  }
  async function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  // One scan; ``confirmed`` is a scan answered "wrong_group" that staff tapped to record anyway.
  async function handle({ text, number, method, confirmed }) {
    const session = confirmed ? confirmed.session : $("scan-session").value;
    if (!session) { banner(msg("choose-session")); return; }
    localStorage.setItem(SESSION_KEY, session);
    const scan = confirmed || { session, scan_id: uuid(), scanned_at: iso(now()), method };
    if (confirmed) scan.confirm = true;
    else if (number !== undefined) scan.number = number;
    else scan.code = text;
    let local = null;
    if (scan.number !== undefined) {
      local = byNumber.get(String(scan.number)) || null;
    } else {
      const code = codeFrom(scan.code);
      local = code ? byHash.get(await sha256(code)) || null : null;
    }
    const key = `${local ? local.hash : scan.code}|${session}`;
    if (navigator.onLine) {
      try {
        const { status, json } = await api("POST", cfg.checkinsUrl, { ...scan, sent_at: iso(now()) });
        if (status === 200 && json) {
          show(json.status, json.participant, json.checked_in_at, { session, scan, flagged: json.flagged });
          if (json.status === "ok" || json.status === "already_checked_in") await remember(key);
          return;
        }
        if (status === 401 || status === 403) banner(msg("auth"));
        // Anything but an answer: keep the scan, as when offline.
      } catch (e) { /* the network dropped: fall through */ }
    }
    if (roster && !local) { show("offline_unknown", null); return; }
    if (local && local.status !== "registered") { show("cancelled", local); return; }
    if (seen.has(key)) { show("offline_already", local); return; }
    await enqueue(scan);
    await remember(key);
    // Offline the phone cannot ask: the server records it flagged for the organisers to review.
    show("queued", local, null, { session, flagged: wrongGroup(local, sessionByCode(session)) });
  }

  // ---- camera and photo ---------------------------------------------------------------------------
  function makeDetector() {
    if (detector) return detector;
    const api = window.BarcodeDetectionAPI;
    if (!api) return null;
    api.setZXingModuleOverrides({
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? cfg.wasmUrl : prefix + path),
    });
    detector = new api.BarcodeDetector({ formats: ["qr_code"] });
    return detector;
  }

  async function startCamera() {
    const button = $("scan-camera-toggle");
    const video = $("scan-video");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !makeDetector()) {
      banner(msg("no-camera"));
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      banner(msg("no-camera"));
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    button.textContent = button.dataset.stop;
    root.dataset.camera = "on";
    loop();
  }
  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    $("scan-video").srcObject = null;
    $("scan-camera-toggle").textContent = $("scan-camera-toggle").dataset.start;
    root.dataset.camera = "off";
  }
  async function loop() {
    const video = $("scan-video");
    while (stream) {
      if (video.readyState >= 2 && !document.hidden) {
        try {
          const codes = await detector.detect(video);
          if (codes.length) {
            const text = codes[0].rawValue;
            // The same code in front of the camera is read again only after a pause.
            if (text !== lastText || now() - lastAt > 4000) {
              lastText = text;
              lastAt = now();
              await handle({ text, method: "scan" });
            }
          }
        } catch (e) { /* a frame it could not read */ }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function fromPhoto(file) {
    if (!file || !makeDetector()) return;
    let codes = [];
    try { codes = await detector.detect(await createImageBitmap(file)); } catch (e) { codes = []; }
    if (codes.length) {
      await handle({ text: codes[0].rawValue, method: "scan" });
    } else {
      show("no_code", null);
      $("scan-result-title").textContent = msg("no-code");
    }
  }

  // ---- search and walk-ins --------------------------------------------------------------------------
  function search(text) {
    const list = $("scan-search-results");
    list.innerHTML = "";
    const q = fold(text.trim());
    if (!q || !roster) return;
    const matches = roster.participants.filter((p) =>
      String(p.number) === q || fold(p.name).includes(q) || fold(p.institution).includes(q)).slice(0, 20);
    if (!matches.length) {
      const li = document.createElement("li");
      li.textContent = msg("no-match");
      list.appendChild(li);
      return;
    }
    for (const p of matches) {
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = `#${p.number} ${p.name} · ${p.institution}`;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = msg("check-in");
      button.addEventListener("click", () => handle({ number: p.number, method: "manual" }));
      li.append(label, button);
      list.appendChild(li);
    }
  }

  async function walkIn(form) {
    form.querySelectorAll("[data-error-for]").forEach((el) => { el.hidden = true; el.textContent = ""; });
    if (!navigator.onLine) { banner(msg("walk-in-offline")); return; }
    const body = Object.fromEntries(new FormData(form).entries());
    let answer;
    try { answer = await api("POST", cfg.walkInUrl, body); } catch (e) { banner(msg("walk-in-offline")); return; }
    if (answer.status === 201 && answer.json) {
      const p = answer.json.participant;
      if (roster) {
        roster.participants.push(p);
        byHash.set(p.hash, p);
        byNumber.set(String(p.number), p);
        await idb.set(KEYS.roster, roster);
      }
      form.reset();
      await handle({ number: p.number, method: "manual" });
      $("scan-result-detail").textContent += ` · ${msg("walk-in-added")}`;
      return;
    }
    const errors = (answer.json && answer.json.errors) || {};
    for (const [field, text] of Object.entries(errors)) {
      const el = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
      if (el) { el.textContent = text; el.hidden = false; }
    }
    if (!Object.keys(errors).length) banner(msg("auth"));
  }

  // ---- signing out ------------------------------------------------------------------------------------
  async function wipe() {
    await idb.del(KEYS.roster);
    await idb.del(KEYS.queue);
    await idb.del(KEYS.seen);
    localStorage.removeItem(SESSION_KEY);
    if (window.caches) for (const name of await caches.keys()) if (name.startsWith("bintek-")) await caches.delete(name);
  }
  async function mayDropQueue() {
    const n = (await pending()).length;
    return n === 0 || window.confirm(msg("unsent", { n }));
  }
  async function signOut() {
    if (!(await mayDropQueue())) return;
    stopCamera();
    await wipe();
    if (cfg.mode === "device") {
      localStorage.removeItem(TOKEN_KEY);
      window.location.reload();
      return;
    }
    const form = document.createElement("form");
    form.method = "post";
    form.action = cfg.logoutUrl;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrf_token";
    input.value = document.querySelector('meta[name="csrf-token"]').content;
    form.appendChild(input);
    document.body.appendChild(form);
    form.submit();
  }

  // ---- start --------------------------------------------------------------------------------------------
  async function start() {
    seen = new Set((await idb.get(KEYS.seen)) || []);
    await loadRoster();
    await showPending();
    await flush();
    $("scan-session").addEventListener("change", (e) => {
      localStorage.setItem(SESSION_KEY, e.target.value);
      showWindow();
    });
    setInterval(showWindow, 30000);
    $("scan-confirm").addEventListener("click", async () => {
      const scan = pendingConfirm;
      if (!scan) return;
      pendingConfirm = null;
      $("scan-confirm").hidden = true;
      await handle({ confirmed: scan });
    });
    $("scan-typed").addEventListener("submit", async (e) => {
      e.preventDefault();
      const input = $("scan-code");
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      await handle({ text, method: "manual" });
    });
    $("scan-photo").addEventListener("change", (e) => fromPhoto(e.target.files[0]));
    $("scan-search").addEventListener("input", (e) => search(e.target.value));
    $("walk-in-form").addEventListener("submit", (e) => { e.preventDefault(); walkIn(e.target); });
    $("scan-camera-toggle").addEventListener("click", () => (stream ? stopCamera() : startCamera()));
    $("scan-signout").addEventListener("click", signOut);
    // The site's own sign-out button: the same warning, and the roster is wiped.
    document.querySelectorAll(`form[action="${cfg.logoutUrl}"]`).forEach((form) => {
      form.addEventListener("submit", async (e) => {
        if (form.dataset.checked) return;
        e.preventDefault();
        if (!(await mayDropQueue())) return;
        await wipe();
        form.dataset.checked = "1";
        form.submit();
      });
    });
    window.addEventListener("online", flush);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) flush(); });
    setInterval(flush, 10000);
    root.dataset.ready = "1";
    offline.register(cfg.swUrl, "/scan/");
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    if (roster && (cfg.mode === "user" || deviceToken())) startCamera();
  }
  document.addEventListener("DOMContentLoaded", start);
})();
