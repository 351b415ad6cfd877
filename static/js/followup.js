// The agency's follow-up page (templates/followup/agency.html), opened by its link.
//
// Every edit goes to IndexedDB first (idb-keyval, as the facilitators' RTL editor does), so a
// dropped connection or a closed tab loses nothing; it is sent a moment after typing stops, on
// "online", when the page is visible again, on load and every 15 seconds. One pending entry per
// report holds the fields changed since the version it is based on. A 409 shows both values and
// lets the person choose; other fields merge on the server.
(() => {
  "use strict";
  const app = document.getElementById("followup-app");
  if (!app) return;
  const msg = app.dataset;
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const stateEl = document.getElementById("save-state");
  const nameInput = document.getElementById("reporter-name");
  const phoneInput = document.getElementById("reporter-phone");
  const PREFIX = `a${app.dataset.scope}:`;
  const kv = window.idbKeyval;
  const store = kv.createStore("bintek-followup", "pending");
  const put = (key, value) => kv.set(key, value, store);
  const del = (key) => kv.del(key, store);
  const REPORTER_KEY = `${PREFIX}reporter`;
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  const reports = new Map(); // report id -> {el, version, pending}
  let timer = null;
  let flushing = false;
  let offline = false;
  let failed = false;

  function setState(state) {
    stateEl.dataset.state = state;
    stateEl.textContent = {saved: msg.msgSaved, saving: msg.msgSaving, pending: msg.msgPending,
      offline: msg.msgOffline, conflict: msg.msgConflict, invalid: msg.msgInvalid, error: msg.msgError}[state] || "";
  }

  function overall() {
    const pending = [...reports.values()].map((r) => r.pending).filter(Boolean);
    if (pending.some((p) => p.conflict)) return "conflict";
    if (pending.some((p) => p.invalid)) return "invalid";
    if (pending.length === 0) return "saved";
    if (failed) return "error";
    return offline ? "offline" : "pending";
  }

  function showErrors(container, errors) {
    container.querySelectorAll("[data-error-for]").forEach((small) => {
      small.textContent = (errors && errors[small.dataset.errorFor]) || "";
    });
  }

  function shown(value) {
    return value === "" || value === null || value === undefined ? msg.msgEmpty : String(value);
  }

  function fieldLabel(entry, field) {
    const input = entry.el.querySelector(`[data-field="${field}"]`);
    const label = input && input.closest("label");
    return label ? label.childNodes[0].textContent.trim() : field;
  }

  function serverValue(current, field) {
    if (field === "budget_realised") return current.budget_display || "";
    const value = current[field];
    return value === null || value === undefined ? "" : String(value);
  }

  function render(entry) {
    const p = entry.pending;
    showErrors(entry.el, p && p.invalid);
    entry.el.classList.toggle("is-pending", !!p);
    entry.el.classList.toggle("has-conflict", !!(p && p.conflict));
    const box = entry.el.querySelector(".followup-conflict");
    box.replaceChildren();
    box.hidden = !(p && p.conflict);
    if (!p || !p.conflict) return;
    const head = document.createElement("p");
    head.textContent = msg.msgConflict;
    box.appendChild(head);
    p.conflict.fields.forEach((field) => {
      const dl = document.createElement("dl");
      dl.className = "conflict-field";
      const dt = document.createElement("dt");
      dt.textContent = fieldLabel(entry, field);
      const mine = document.createElement("dd");
      mine.className = "conflict-mine";
      mine.textContent = `${msg.msgMine}: ${shown(p.fields[field])}`;
      const theirs = document.createElement("dd");
      theirs.className = "conflict-theirs";
      theirs.textContent = `${msg.msgTheirs}: ${shown(serverValue(p.conflict.current, field))}`;
      dl.append(dt, mine, theirs);
      box.appendChild(dl);
    });
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "conflict-keep-mine";
    keep.textContent = msg.msgKeepMine;
    keep.addEventListener("click", () => resolve(entry, true));
    const take = document.createElement("button");
    take.type = "button";
    take.className = "secondary conflict-take-theirs";
    take.textContent = msg.msgTakeTheirs;
    take.addEventListener("click", () => resolve(entry, false));
    box.append(keep, take);
  }

  function resolve(entry, keepMine) {
    const p = entry.pending;
    const current = p.conflict.current;
    if (!keepMine) {
      p.conflict.fields.forEach((field) => {
        delete p.fields[field];
        const input = entry.el.querySelector(`[data-field="${field}"]`);
        if (input) input.value = serverValue(current, field);
      });
    }
    p.version = current.version;
    entry.version = current.version;
    delete p.conflict;
    if (Object.keys(p.fields).length === 0) {
      entry.pending = null;
      del(PREFIX + entry.id).catch(() => {});
    } else {
      put(PREFIX + entry.id, p).catch(() => {});
    }
    render(entry);
    setState(overall());
    schedule(0);
  }

  function edit(entry, field, value) {
    if (!entry.pending) entry.pending = {id: entry.id, version: entry.version, fields: {}};
    const p = entry.pending;
    p.fields[field] = value;
    if (p.invalid) {
      delete p.invalid[field];
      if (field === "cancel_reason" || field === "status") { delete p.invalid.cancel_reason; delete p.invalid.status; }
      if (Object.keys(p.invalid).length === 0) delete p.invalid;
    }
    put(PREFIX + entry.id, p).catch(() => {});
    render(entry);
    setState(overall());
    schedule(800);
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  function reporter() {
    return {reporter_name: nameInput.value.trim(), reporter_phone: phoneInput.value.trim()};
  }

  class HttpError extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  async function send(entry) {
    const p = entry.pending;
    const sent = {...p.fields};
    const response = await fetch(entry.el.dataset.url, {
      method: "PATCH", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: JSON.stringify({version: p.version, ...reporter(), ...sent}),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 200) {
      entry.version = data.report.version;
      entry.el.dataset.version = String(entry.version);
      if (entry.pending === p) {
        p.version = entry.version;
        Object.entries(sent).forEach(([k, v]) => { if (p.fields[k] === v) delete p.fields[k]; });
        if (Object.keys(p.fields).length === 0) { entry.pending = null; await del(PREFIX + entry.id); }
        else await put(PREFIX + entry.id, p);
      }
      render(entry);
      return;
    }
    if (response.status === 409) {
      p.conflict = {fields: data.fields || [], current: data.current};
      await put(PREFIX + entry.id, p);
      render(entry);
      return;
    }
    if (response.status === 422) {
      const errors = (data && data.fields) || {};
      showErrors(app.querySelector(".followup-reporter"), errors);
      p.invalid = errors;
      await put(PREFIX + entry.id, p);
      render(entry);
      return;
    }
    throw new HttpError(response.status);
  }

  async function sendAll() {
    try {
      for (const entry of reports.values()) {
        const p = entry.pending;
        if (!p || p.conflict || p.invalid) continue;
        setState("saving");
        await send(entry);
      }
      offline = false;
      failed = false;
    } catch (error) {
      if (error instanceof HttpError) { failed = true; } else { offline = true; }
    }
    setState(overall());
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      await window.bintekOffline.withLock(`followup:${app.dataset.scope}`, sendAll);
    } finally {
      flushing = false;
    }
  }

  function retryInvalidReporter() {
    showErrors(app.querySelector(".followup-reporter"), {});
    reports.forEach((entry) => {
      const p = entry.pending;
      if (p && p.invalid) {
        delete p.invalid.reporter_name;
        delete p.invalid.reporter_phone;
        if (Object.keys(p.invalid).length === 0) delete p.invalid;
        render(entry);
      }
    });
    put(REPORTER_KEY, reporter()).catch(() => {});
    setState(overall());
    schedule(800);
  }

  async function start() {
    try {
      const who = await kv.get(REPORTER_KEY, store);
      if (who) {
        if (!nameInput.value) nameInput.value = who.reporter_name || "";
        if (!phoneInput.value) phoneInput.value = who.reporter_phone || "";
      }
    } catch (e) { /* nothing kept */ }
    app.querySelectorAll(".followup-row").forEach((el) => {
      const entry = {id: el.dataset.report, el, version: Number(el.dataset.version), pending: null};
      reports.set(entry.id, entry);
      el.querySelectorAll("[data-field]").forEach((input) => {
        input.addEventListener("input", () => edit(entry, input.dataset.field, input.value));
      });
      el.querySelectorAll("form").forEach((form) => form.addEventListener("submit", () => {
        form.querySelectorAll(".reporter-copy").forEach((hidden) => { hidden.value = nameInput.value.trim(); });
      }));
    });
    let stored = [];
    try { stored = await kv.entries(store); } catch (e) { stored = []; }
    stored.forEach(([key, p]) => {
      if (!String(key).startsWith(PREFIX) || key === REPORTER_KEY) return;
      const entry = reports.get(String(p.id));
      if (!entry) return;
      entry.pending = p;
      Object.entries(p.fields).forEach(([field, value]) => {
        const input = entry.el.querySelector(`[data-field="${field}"]`);
        if (input) input.value = value;
      });
      render(entry);
    });
    nameInput.addEventListener("input", retryInvalidReporter);
    phoneInput.addEventListener("input", retryInvalidReporter);
    setState(overall());
    flush();
  }

  window.addEventListener("online", () => { offline = false; schedule(0); });
  window.addEventListener("offline", () => { offline = true; setState(overall()); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") schedule(0); });
  setInterval(() => { if (overall() !== "saved") flush(); }, 15000);
  start();
})();
