// Live numbers on the attendance page (polls the attendance API) and on a session's page (polls
// its live figures), and the changing QR on the venue screen (a new code every 30 seconds).
document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("attendance");
  if (table) {
    const status = document.getElementById("live-status");
    const refresh = async () => {
      try {
        const response = await fetch(table.dataset.url, { credentials: "same-origin", cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        for (const row of data.sessions) {
          const tr = table.querySelector(`tr[data-session="${row.session_id}"]`);
          if (!tr) continue;
          const set = (field, value) => { const el = tr.querySelector(`[data-field="${field}"]`); if (el) el.textContent = value; };
          set("checked_in", row.checked_in);
          set("expected", row.expected);
          set("L", row.by_gender.L);
          set("P", row.by_gender.P);
          const bar = tr.querySelector("progress");
          if (bar) { bar.value = row.checked_in; bar.max = row.expected || 1; }
        }
        status.textContent = status.dataset.updated.replace("{time}", new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
      } catch (e) {
        status.textContent = status.dataset.failed;
      }
    };
    setInterval(refresh, 15000);
  }
  // The session page: its figures from a small JSON poll instead of reloading the page (a page of
  // 3,000 people is not sent again every 30 seconds); new check-ins are offered as a link.
  const live = document.getElementById("session-live");
  if (live) {
    const summary = live.querySelector('[data-field="summary"]');
    const bar = live.querySelector("progress");
    const fresh = live.querySelector('[data-field="new"]');
    const poll = async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(live.dataset.url, { credentials: "same-origin", cache: "no-store" });
        if (!response.ok) return;
        const data = await response.json();
        summary.textContent = data.summary;
        bar.value = data.present;
        bar.max = data.expected || 1;
        if (String(data.latest) !== live.dataset.latest) fresh.hidden = false;
      } catch (e) {
        // Offline for a moment: the next poll tries again.
      }
    };
    setInterval(poll, 10000);
  }
  const qr = document.getElementById("rotating-qr");
  if (qr) {
    const period = Number(qr.dataset.seconds || 30) * 1000;
    const next = () => {
      qr.src = `${qr.dataset.src}?t=${Date.now()}`;
      setTimeout(next, period - (Date.now() % period) + 200);
    };
    setTimeout(next, period - (Date.now() % period) + 200);
  }
});
