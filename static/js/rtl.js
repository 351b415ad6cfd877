// The facilitator's RTL and notes editor (templates/groups/work.html).
//
// Every edit is written to IndexedDB first (so a closed tab or a dropped connection loses
// nothing), then sent to the groups API (DESIGN.md §5) a moment after typing stops, on "online",
// when the page becomes visible again, on load and every 15 seconds. One pending entry per row
// (keyed by the row's client_id) holds the fields changed since the version it is based on.
// A 409 shows both values and lets the person choose; other fields merge on the server.
(() => {
  "use strict";
  const app = document.getElementById("rtl-app");
  if (!app) return;

  const groupId = app.dataset.group;
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const msg = app.dataset;
  const locked = app.dataset.locked === "1";
  const rowsEl = document.getElementById("rtl-rows");
  const template = document.getElementById("rtl-row-template");
  const stateEl = document.getElementById("save-state");
  const PREFIX = `g${groupId}:`;
  const FIELDS = ["activity", "objective", "target", "kla_indicator", "timeline", "location", "responsible",
    "partners", "funding_source", "budget", "success_indicator", "notes"];

  // ---- IndexedDB, through idb-keyval (static/vendor) ----------------------------------------
  // Its own database "bintek-rtl" with the store "pending", as before (edits kept by earlier
  // versions of this page are read as they are). One entry per row and one for the notes, under
  // "g<group>:"; "g<group>:server" keeps the last rows read from the server, for a reload offline.
  const kv = window.idbKeyval;
  const store = kv.createStore("bintek-rtl", "pending");
  const idbPut = (key, value) => kv.set(key, value, store);
  const idbDel = (key) => kv.del(key, store);
  const idbGet = (key) => kv.get(key, store);
  async function idbEntries() {
    return (await kv.entries(store)).filter(([key]) => String(key).startsWith(PREFIX));
  }
  const snapshotKey = `${PREFIX}server`;
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  // ---- state ------------------------------------------------------------------------------
  const rows = new Map(); // client_id -> {server: row|null, el, pending: entry|null}
  let notes = {server: null, pending: null};
  let flushing = false;
  let timer = null;
  let offline = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function setState(state) {
    const text = {saved: msg.msgSaved, saving: msg.msgSaving, pending: msg.msgPending, offline: msg.msgOffline,
      conflict: msg.msgConflict, invalid: msg.msgInvalid, locked: msg.msgLocked, error: msg.msgError}[state];
    stateEl.dataset.state = state;
    stateEl.textContent = text || "";
  }

  function overallState() {
    const entries = [...rows.values()].map((r) => r.pending).concat([notes.pending]).filter(Boolean);
    if (locked) return "locked";
    if (entries.some((e) => e.conflict)) return "conflict";
    if (entries.some((e) => e.invalid)) return "invalid";
    if (entries.length === 0) return "saved";
    return offline ? "offline" : "pending";
  }

  function inputValue(field, row) {
    if (!row) return "";
    if (field === "budget") return row.budget_display || "";
    const value = row[field];
    return value === null || value === undefined ? "" : String(value);
  }

  function shownValue(field, value) {
    return value === "" || value === null || value === undefined ? msg.msgEmpty : String(value);
  }

  // ---- rendering --------------------------------------------------------------------------
  function renumber() {
    [...rowsEl.querySelectorAll(".rtl-row")].forEach((el, i) => {
      el.querySelector(".rtl-number").textContent = `${msg.msgRow} ${i + 1}`;
    });
  }

  function makeRowElement(clientId) {
    const el = template.content.firstElementChild.cloneNode(true);
    el.dataset.clientId = clientId;
    el.querySelectorAll("[data-field]").forEach((input) => {
      if (locked) input.disabled = true;
      // "input" fires for selects too; no "change" (it would redraw a conflict box under a click).
      input.addEventListener("input", () => edit(clientId, input.dataset.field, input.value));
    });
    el.querySelectorAll("[data-action]").forEach((button) => {
      if (locked) button.disabled = true;
      button.addEventListener("click", () => action(clientId, button.dataset.action));
    });
    return el;
  }

  function fillRow(entry, onlyIdle) {
    entry.el.querySelectorAll("[data-field]").forEach((input) => {
      const field = input.dataset.field;
      const pending = entry.pending && field in entry.pending.fields;
      if (pending) {
        if (!onlyIdle) input.value = entry.pending.fields[field];
        return;
      }
      if (onlyIdle && document.activeElement === input) return;
      input.value = inputValue(field, entry.server);
    });
  }

  function sortRows() {
    const list = [...rows.values()].filter((r) => !(r.pending && r.pending.deleted));
    const pos = (r) => (r.pending && "position" in r.pending.fields ? r.pending.fields.position
      : r.server ? r.server.position : 1e9);
    list.sort((a, b) => pos(a) - pos(b) || (a.server ? a.server.id : 1e9) - (b.server ? b.server.id : 1e9));
    list.forEach((r) => rowsEl.appendChild(r.el));
    rows.forEach((r) => { if (r.pending && r.pending.deleted) r.el.remove(); });
    renumber();
  }

  function showErrors(container, errors) {
    container.querySelectorAll("[data-error-for]").forEach((small) => {
      small.textContent = (errors && errors[small.dataset.errorFor]) || "";
    });
  }

  function fieldLabel(field) {
    const cell = template.content.querySelector(`.rtl-field-${field} > span`);
    if (cell) return cell.textContent;
    const note = document.querySelector(`[data-note="${field}"]`);
    const label = note && note.closest("label");
    return label ? label.childNodes[0].textContent.trim() : field;
  }

  function showConflict(box, conflict, mine, current, resolve) {
    box.replaceChildren();
    if (!conflict) { box.hidden = true; return; }
    box.hidden = false;
    const head = document.createElement("p");
    head.textContent = msg.msgConflict;
    box.appendChild(head);
    conflict.fields.forEach((field) => {
      const dl = document.createElement("dl");
      dl.className = "conflict-field";
      dl.dataset.field = field;
      const name = document.createElement("dt");
      name.textContent = fieldLabel(field);
      const a = document.createElement("dd");
      a.className = "conflict-mine";
      a.textContent = `${msg.msgMine}: ${shownValue(field, mine[field])}`;
      const b = document.createElement("dd");
      b.className = "conflict-theirs";
      b.textContent = `${msg.msgTheirs}: ${shownValue(field, field === "budget" ? current.budget_display : current[field])}`;
      dl.append(name, a, b);
      box.appendChild(dl);
    });
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "conflict-keep-mine";
    keep.textContent = msg.msgKeepMine;
    keep.addEventListener("click", () => resolve(true));
    const take = document.createElement("button");
    take.type = "button";
    take.className = "secondary conflict-take-theirs";
    take.textContent = msg.msgTakeTheirs;
    take.addEventListener("click", () => resolve(false));
    box.append(keep, take);
  }

  function renderRowState(entry) {
    const p = entry.pending;
    showErrors(entry.el, p && p.invalid);
    showConflict(entry.el.querySelector(".rtl-conflict"), p && p.conflict, p ? p.fields : {},
      p && p.conflict ? p.conflict.current : {}, (keepMine) => resolveRow(entry, keepMine));
    entry.el.classList.toggle("is-pending", !!p);
    entry.el.classList.toggle("has-conflict", !!(p && p.conflict));
  }

  function addRow(clientId, server, pending) {
    const entry = {server, pending, el: makeRowElement(clientId)};
    rows.set(clientId, entry);
    rowsEl.appendChild(entry.el);
    fillRow(entry, false);
    renderRowState(entry);
    return entry;
  }

  // ---- editing ----------------------------------------------------------------------------
  function rowKey(clientId) { return `${PREFIX}row:${clientId}`; }

  function ensurePending(entry, clientId) {
    if (!entry.pending) {
      entry.pending = {kind: "row", client_id: clientId, id: entry.server ? entry.server.id : null,
        version: entry.server ? entry.server.version : null, fields: {}, deleted: false};
    }
    return entry.pending;
  }

  function edit(clientId, field, value) {
    const entry = rows.get(clientId);
    if (!entry || locked) return;
    if (entry.pending && entry.pending.fields[field] === value) return;
    const p = ensurePending(entry, clientId);
    p.fields[field] = value;
    if (p.invalid) delete p.invalid[field];
    if (p.invalid && Object.keys(p.invalid).length === 0) delete p.invalid;
    idbPut(rowKey(clientId), p).catch(() => {});
    renderRowState(entry);
    setState(overallState());
    schedule(800);
  }

  function action(clientId, what) {
    const entry = rows.get(clientId);
    if (!entry) return;
    if (what === "delete") {
      if (!window.confirm(msg.msgDelete)) return;
      if (!entry.server) { // never reached the server: forget it
        rows.delete(clientId);
        entry.el.remove();
        idbDel(rowKey(clientId)).catch(() => {});
        renumber();
        setState(overallState());
        return;
      }
      const p = ensurePending(entry, clientId);
      p.deleted = true;
      idbPut(rowKey(clientId), p).catch(() => {});
      entry.el.remove();
      renumber();
      schedule(0);
      return;
    }
    const els = [...rowsEl.querySelectorAll(".rtl-row")];
    const i = els.indexOf(entry.el);
    const j = what === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= els.length) return;
    if (what === "up") rowsEl.insertBefore(entry.el, els[j]); else rowsEl.insertBefore(els[j], entry.el);
    // Positions follow the order on screen; only rows whose position changes are sent.
    [...rowsEl.querySelectorAll(".rtl-row")].forEach((el, index) => {
      const other = rows.get(el.dataset.clientId);
      const position = index + 1;
      const current = other.pending && "position" in other.pending.fields ? other.pending.fields.position
        : other.server ? other.server.position : null;
      if (current !== position) {
        const p = ensurePending(other, el.dataset.clientId);
        p.fields.position = position;
        idbPut(rowKey(el.dataset.clientId), p).catch(() => {});
      }
    });
    renumber();
    setState(overallState());
    schedule(300);
  }

  function resolveRow(entry, keepMine) {
    const p = entry.pending;
    if (!p || !p.conflict) return;
    const current = p.conflict.current;
    entry.server = current;
    if (!keepMine) p.fields = Object.fromEntries(Object.entries(p.fields).filter(([k]) => !p.conflict.fields.includes(k)));
    p.version = current.version;
    p.id = current.id;
    delete p.conflict;
    if (p.deleted && !keepMine) p.deleted = false;
    if (Object.keys(p.fields).length === 0 && !p.deleted) {
      entry.pending = null;
      idbDel(rowKey(p.client_id)).catch(() => {});
    } else {
      idbPut(rowKey(p.client_id), p).catch(() => {});
    }
    fillRow(entry, false);
    sortRows();
    renderRowState(entry);
    setState(overallState());
    schedule(0);
  }

  function addNewRow() {
    const clientId = uuid();
    const entry = addRow(clientId, null, null);
    const p = ensurePending(entry, clientId);
    const last = [...rows.values()].reduce((m, r) => Math.max(m, r.server ? r.server.position : 0,
      r.pending && r.pending.fields.position ? r.pending.fields.position : 0), 0);
    p.fields.position = last + 1;
    idbPut(rowKey(clientId), p).catch(() => {});
    renumber();
    renderRowState(entry);
    setState(overallState());
    schedule(800);
    const first = entry.el.querySelector("[data-field]");
    if (first) first.focus();
  }

  // ---- notes ------------------------------------------------------------------------------
  const noteInputs = [...document.querySelectorAll("[data-note]")];
  const notesKey = `${PREFIX}notes`;
  const notesBox = document.querySelector(".notes-box");

  function renderNotesState() {
    const p = notes.pending;
    showErrors(notesBox, p && p.invalid);
    showConflict(document.getElementById("notes-conflict"), p && p.conflict, p ? p.fields : {},
      p && p.conflict ? p.conflict.current : {}, resolveNotes);
  }

  function fillNotes(onlyIdle) {
    noteInputs.forEach((input) => {
      const field = input.dataset.note;
      if (notes.pending && field in notes.pending.fields) {
        if (!onlyIdle) input.value = notes.pending.fields[field];
        return;
      }
      if (onlyIdle && document.activeElement === input) return;
      input.value = notes.server ? notes.server[field] : input.value;
    });
  }

  noteInputs.forEach((input) => input.addEventListener("input", () => {
    if (locked) return;
    if (!notes.pending) notes.pending = {kind: "notes", version: notes.server ? notes.server.version : 0, fields: {}};
    notes.pending.fields[input.dataset.note] = input.value;
    if (notes.pending.invalid) delete notes.pending.invalid[input.dataset.note];
    idbPut(notesKey, notes.pending).catch(() => {});
    setState(overallState());
    schedule(800);
  }));

  function resolveNotes(keepMine) {
    const p = notes.pending;
    if (!p || !p.conflict) return;
    notes.server = p.conflict.current;
    if (!keepMine) p.fields = Object.fromEntries(Object.entries(p.fields).filter(([k]) => !p.conflict.fields.includes(k)));
    p.version = notes.server.version;
    delete p.conflict;
    if (Object.keys(p.fields).length === 0) { notes.pending = null; idbDel(notesKey).catch(() => {}); }
    else idbPut(notesKey, p).catch(() => {});
    fillNotes(false);
    renderNotesState();
    setState(overallState());
    schedule(0);
  }

  // ---- sending ----------------------------------------------------------------------------
  class HttpError extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  async function call(method, url, body) {
    const response = await fetch(url, {
      method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return {status: response.status, data};
  }

  // What was sent is cleared from the pending fields, unless the person typed more meanwhile.
  function settle(p, sent) {
    Object.entries(sent).forEach(([k, v]) => { if (p.fields[k] === v) delete p.fields[k]; });
  }

  async function sendRow(entry) {
    const p = entry.pending;
    const clientId = p.client_id;
    const sent = {...p.fields};
    let result;
    if (p.deleted) {
      if (!p.id) { rows.delete(clientId); await idbDel(rowKey(clientId)); return true; }
      result = await call("DELETE", `${app.dataset.rowUrl}${p.id}?version=${p.version}`);
      if (result.status === 204 || result.status === 404) {
        rows.delete(clientId);
        entry.el.remove();
        await idbDel(rowKey(clientId));
        return true;
      }
    } else if (!p.id) {
      result = await call("POST", app.dataset.rowsUrl, {client_id: clientId, ...sent});
    } else {
      result = await call("PATCH", `${app.dataset.rowUrl}${p.id}`, {version: p.version, ...sent});
    }
    if (result.status === 200 && !p.id && result.data.created === false) {
      // This create had already reached the server (its answer was lost): what it carried now
      // goes as an edit of that row.
      entry.server = result.data.row;
      p.id = entry.server.id;
      p.version = entry.server.version;
      await idbPut(rowKey(clientId), p);
      return sendRow(entry);
    }
    if (result.status === 200 || result.status === 201) {
      const row = result.data.row;
      entry.server = row;
      if (entry.pending === p) {
        p.id = row.id;
        p.version = row.version;
        settle(p, sent);
        if (Object.keys(p.fields).length === 0 && !p.deleted) {
          entry.pending = null;
          await idbDel(rowKey(clientId));
        } else {
          await idbPut(rowKey(clientId), p);
        }
      }
      fillRow(entry, true);
      renderRowState(entry);
      return true;
    }
    if (result.status === 409) {
      p.conflict = {fields: result.data.fields || [], current: result.data.current};
      if (p.deleted) { // the row changed after it was shown: show it again
        p.deleted = false;
        entry.server = result.data.current;
        p.version = entry.server.version;
        delete p.conflict;
        rowsEl.appendChild(entry.el);
        sortRows();
        window.alert(msg.msgDeletedConflict);
      }
      await idbPut(rowKey(clientId), p);
      renderRowState(entry);
      return true;
    }
    if (result.status === 422) {
      p.invalid = (result.data && result.data.fields) || {};
      await idbPut(rowKey(clientId), p);
      renderRowState(entry);
      return true;
    }
    if (result.status === 423) { setState("locked"); return false; }
    throw new HttpError(result.status);
  }

  async function sendNotes() {
    const p = notes.pending;
    const sent = {...p.fields};
    const result = await call("PUT", app.dataset.notesUrl, {version: p.version, ...sent});
    if (result.status === 200) {
      notes.server = result.data.notes;
      p.version = notes.server.version;
      settle(p, sent);
      if (Object.keys(p.fields).length === 0) { notes.pending = null; await idbDel(notesKey); }
      else await idbPut(notesKey, p);
      fillNotes(true);
    } else if (result.status === 409) {
      p.conflict = {fields: result.data.fields || [], current: result.data.current};
      await idbPut(notesKey, p);
    } else if (result.status === 422) {
      p.invalid = (result.data && result.data.fields) || {};
      await idbPut(notesKey, p);
    } else if (result.status === 423) {
      setState("locked");
      return false;
    } else {
      throw new HttpError(result.status);
    }
    renderNotesState();
    return true;
  }

  // Another tab of this page may have sent (and cleared) what this tab holds since it loaded:
  // take what is stored now, so the same edit never goes twice.
  async function resync() {
    let dropped = false;
    for (const [clientId, entry] of rows) {
      if (!entry.pending || entry.pending.conflict || entry.pending.invalid) continue;
      const stored = await idbGet(rowKey(clientId));
      if (!stored) {
        entry.pending = null;
        dropped = true;
        renderRowState(entry);
      } else if (stored.id !== entry.pending.id || stored.version !== entry.pending.version) {
        entry.pending = stored;
      }
    }
    if (notes.pending && !notes.pending.conflict && !notes.pending.invalid) {
      const stored = await idbGet(notesKey);
      if (!stored) { notes.pending = null; dropped = true; }
      else if (stored.version !== notes.pending.version) notes.pending = stored;
    }
    if (!dropped) return;
    const fresh = await call("GET", app.dataset.rowsUrl);
    if (fresh.status === 200) {
      fresh.data.rows.forEach((row) => {
        const entry = rows.get(row.client_id);
        if (entry) { entry.server = row; fillRow(entry, true); }
      });
    }
    const n = await call("GET", app.dataset.notesUrl);
    if (n.status === 200) { notes.server = n.data.notes; fillNotes(true); }
  }

  // What the server holds as this page last knew it, for a reload without a network.
  function saveSnapshot() {
    const known = [...rows.values()].map((r) => r.server).filter(Boolean);
    idbPut(snapshotKey, {kind: "snapshot", rows: known, notes: notes.server}).catch(() => {});
  }

  async function flush() {
    if (flushing || locked) return;
    flushing = true;
    try {
      await window.bintekOffline.withLock(`rtl:${groupId}`, sendAll);
    } finally {
      flushing = false;
    }
  }

  async function sendAll() {
    try {
      await resync();
      const ready = (p) => p && !p.conflict && !p.invalid;
      // Creates first, in screen order, so new rows keep their order.
      const list = [...rowsEl.querySelectorAll(".rtl-row")].map((el) => rows.get(el.dataset.clientId))
        .concat([...rows.values()].filter((r) => r.pending && r.pending.deleted));
      let sentSomething = false;
      for (const entry of list) {
        if (!entry || !ready(entry.pending)) continue;
        if (!sentSomething) setState("saving");
        sentSomething = true;
        if (!(await sendRow(entry))) return;
      }
      if (ready(notes.pending)) {
        setState("saving");
        if (!(await sendNotes())) return;
      }
      offline = false;
      setState(overallState());
      saveSnapshot();
    } catch (error) {
      if (error instanceof HttpError) {
        // Signed out, no longer allowed, or a server error: the edits stay on this device.
        offline = false;
        setState("error");
      } else {
        offline = true;
        setState(overallState() === "saved" ? "saved" : "offline");
      }
    }
  }

  // ---- start ------------------------------------------------------------------------------
  async function start() {
    let pending = [];
    try { pending = await idbEntries(); } catch (e) { pending = []; }
    let serverRows = [];
    try {
      const result = await call("GET", app.dataset.rowsUrl);
      if (result.status === 200) serverRows = result.data.rows;
      const n = await call("GET", app.dataset.notesUrl);
      if (n.status === 200) notes.server = n.data.notes;

    } catch (e) {
      // Offline (the page itself came from the offline copy): the rows as last read, and the edits.
      offline = true;
      try {
        const saved = await idbGet(snapshotKey);
        if (saved) { serverRows = saved.rows || []; notes.server = saved.notes || null; }
      } catch (err) { /* nothing kept */ }
    }
    rowsEl.replaceChildren();
    const pendingByClient = new Map();
    pending.forEach(([key, value]) => {
      if (value.kind === "row") pendingByClient.set(value.client_id, value);
      if (value.kind === "notes") notes.pending = value;
    });
    serverRows.forEach((row) => {
      const p = pendingByClient.get(row.client_id) || null;
      if (p && !p.id) { p.id = row.id; p.version = row.version; } // created, but the answer was lost
      pendingByClient.delete(row.client_id);
      addRow(row.client_id, row, p);
    });
    pendingByClient.forEach((p, clientId) => {
      // Deleted on the server meanwhile (known only online: the rows kept offline may be older).
      if (p.id && !offline) { idbDel(rowKey(clientId)).catch(() => {}); return; }
      addRow(clientId, null, p);
    });
    sortRows();
    fillNotes(false);
    renderNotesState();
    setState(overallState());
    const add = document.getElementById("rtl-add");
    if (add) add.addEventListener("click", addNewRow);
    if (!offline) saveSnapshot();
    flush();
    window.bintekOffline.register(app.dataset.swUrl);
  }

  window.addEventListener("online", () => { offline = false; schedule(0); });
  window.addEventListener("offline", () => { offline = true; setState(overallState()); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") schedule(0); });
  setInterval(() => { if (overallState() !== "saved") flush(); }, 15000);
  start();
})();
