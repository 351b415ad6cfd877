// A participant's test or evaluation form (templates/evaluations/answer.html).
//
// Each answer is written to IndexedDB first (idb-keyval, static/vendor), one entry per question,
// then sent to the answers endpoint. Without a network the entry stays and is sent on "online",
// when the page becomes visible, on load and every 10 seconds. The server keeps one answer per
// question, so an answer sent twice (a lost reply) is still one row.
(() => {
  "use strict";
  const form = document.getElementById("evaluation-form");
  if (!form) return;
  const url = form.dataset.answersUrl;
  const prefix = `${form.dataset.queue}:`;
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const stateEl = document.getElementById("save-state");
  const kv = window.idbKeyval;
  const store = kv.createStore("bintek-evaluations", "pending");
  let flushing = false;
  let requested = false;
  let timer = null;
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  function say(state, detail) {
    const text = {saved: stateEl.dataset.msgSaved, pending: stateEl.dataset.msgPending,
      refused: `${stateEl.dataset.msgRefused} ${detail || ""}`}[state] || "";
    stateEl.dataset.state = state;
    stateEl.textContent = text;
  }

  function bodyOf(input) {
    const question = Number(input.closest("[data-question]").dataset.question);
    if (input.dataset.kind === "text") return {question, text: input.value};
    return {question, [input.dataset.kind]: Number(input.value)};
  }

  async function pending() {
    return (await kv.entries(store)).filter(([key]) => String(key).startsWith(prefix));
  }

  // Says "saved" only after sending something and with nothing left: not on opening the page
  // (nothing answered yet), and not while an answer given during this round still waits.
  async function flush() {
    if (flushing) { requested = true; return; }
    flushing = true;
    requested = false;
    let left = 0;
    let sent = 0;
    try {
      for (const [key, body] of await pending()) {
        let response;
        try {
          response = await fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
            body: JSON.stringify(body),
          });
        } catch (error) {
          left += 1;
          continue; // offline: keep it for later
        }
        if (response.status >= 500 || response.status === 429) { left += 1; continue; }
        // Sent (or refused for good): forget it, unless the answer changed while it was on its way.
        const now = await kv.get(key, store);
        if (JSON.stringify(now) === JSON.stringify(body)) await kv.del(key, store);
        sent += 1;
        if (!response.ok) {
          const reply = await response.json().catch(() => ({}));
          say("refused", reply.error);
          return;
        }
      }
      if (sent || left) say(left || requested ? "pending" : "saved");
    } finally {
      flushing = false;
      if (requested) flush(); // an answer given while this round was sending
    }
    return left;
  }

  async function keep(input) {
    const body = bodyOf(input);
    await kv.set(`${prefix}${body.question}`, body, store);
    say("pending");
    flush();
  }

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio], textarea")) keep(event.target);
  });
  form.addEventListener("input", (event) => {
    if (!event.target.matches("textarea")) return;
    clearTimeout(timer);
    timer = setTimeout(() => keep(event.target), 800);
  });
  form.addEventListener("submit", async (event) => {
    if (form.dataset.sending === "1") return;
    event.preventDefault();
    await flush();
    if ((await pending()).length && !navigator.onLine) { say("pending"); return; }
    form.dataset.sending = "1";
    form.submit();
  });
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) flush(); });
  setInterval(flush, 10000);
  flush();
})();
