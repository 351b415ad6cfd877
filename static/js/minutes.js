// The notulis' editor (templates/minutes/edit.html): saved as typed, like the groups' notes
// (rtl.js). What was typed and not yet saved is kept on the device (localStorage) under the
// session, with the version it is based on, and sent a second after typing stops, when the
// network comes back, when the page is shown again and every 20 seconds. The server merges fields;
// a field someone else changed meanwhile comes back as a conflict: their text is shown, and
// "keep mine" sends ours again on top of theirs.
(() => {
  "use strict";
  const form = document.querySelector("form[data-minutes-url]");
  if (!form) return;
  const url = form.dataset.minutesUrl;
  const key = `bintek:minutes:${url}`;
  const status = document.getElementById("minutes-status");
  const conflictBox = document.getElementById("minutes-conflict");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const inputs = [...form.querySelectorAll("[data-field]")];
  const versionInput = form.querySelector("input[name=version]");
  const texts = form.dataset; // the messages, in the page's language
  let pending = null;
  let timer = null;

  const say = (text, state) => {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = state; // unsaved, saved, offline, conflict, invalid, signed-out
  };
  const load = () => { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } };
  const store = () => {
    try { if (pending) localStorage.setItem(key, JSON.stringify(pending)); else localStorage.removeItem(key); } catch (e) { /* full */ }
  };

  function edited(input) {
    if (!pending) pending = { version: Number(versionInput.value || 0), fields: {} };
    // The writer's own name, suggested by the page, is saved with the first thing they type.
    for (const other of inputs) {
      if ("prefilled" in other.dataset) { pending.fields[other.dataset.field] = other.value; delete other.dataset.prefilled; }
    }
    pending.fields[input.dataset.field] = input.value;
    store();
    say(texts.unsaved, "unsaved");
    clearTimeout(timer);
    timer = setTimeout(flush, 1000);
  }

  function showConflict(current, fields) {
    conflictBox.hidden = false;
    const list = conflictBox.querySelector("dl");
    list.textContent = "";
    for (const name of fields) {
      const label = form.querySelector(`label[for="${name}"]`);
      const dt = document.createElement("dt");
      dt.textContent = label ? label.textContent : name;
      const dd = document.createElement("dd");
      dd.textContent = current[name] || "";
      list.append(dt, dd);
    }
    conflictBox.dataset.version = current.version;
  }

  async function send() {
    if (!pending || !Object.keys(pending.fields).length) return;
    const sent = { ...pending.fields };
    let response;
    try {
      response = await fetch(url, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ version: pending.version, ...sent }),
      });
    } catch (e) {
      say(texts.offline, "offline");
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      versionInput.value = data.minutes.version;
      for (const [name, value] of Object.entries(sent)) {
        if (pending.fields[name] === value) delete pending.fields[name];
      }
      pending.version = data.minutes.version;
      if (!Object.keys(pending.fields).length) pending = null;
      store();
      say(`${texts.saved} ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`, "saved");
    } else if (response.status === 409) {
      showConflict(data.current, data.fields || []);
      say(texts.conflict, "conflict");
    } else if (response.status === 422) {
      say(`${texts.invalid} ${Object.values(data.fields || {}).join(" ")}`, "invalid");
    } else if (response.status === 401 || response.status === 403) {
      say(texts.signedOut, "signed-out");
    } else {
      say(texts.offline, "offline");
    }
  }

  function flush() {
    return window.bintekOffline ? window.bintekOffline.withLock(key, send) : send();
  }

  conflictBox.querySelector("button").addEventListener("click", () => {
    if (pending) pending.version = Number(conflictBox.dataset.version);
    conflictBox.hidden = true;
    store();
    flush();
  });
  for (const input of inputs) input.addEventListener("input", () => edited(input));
  form.addEventListener("submit", (event) => { event.preventDefault(); flush(); });

  // What this device typed before (offline, or the tab closed): back into the fields, then sent.
  pending = load();
  if (pending) {
    for (const input of inputs) {
      if (input.dataset.field in pending.fields) input.value = pending.fields[input.dataset.field];
    }
    flush();
  }
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") flush(); });
  setInterval(flush, 20000);
})();
