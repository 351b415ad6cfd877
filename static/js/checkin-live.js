// Live numbers on the attendance page (polls the attendance API) and the changing QR on the
// venue screen (a new code every 30 seconds).
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
  // Pages that refresh themselves, unless someone is typing or has a form open.
  const auto = document.getElementById("autorefresh");
  if (auto) {
    setInterval(() => {
      const busy = document.querySelector("details.checkin-undo[open], input:focus, textarea:focus");
      if (!busy && !document.hidden) window.location.reload();
    }, Number(auto.dataset.seconds || 30) * 1000);
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
