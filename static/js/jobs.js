// A job's page: polls its JSON status once a second and moves the progress bar; shows the
// download button when the file is ready.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("job");
  if (!box) return;
  const bar = document.getElementById("job-progress");
  const state = document.getElementById("job-state");
  const texts = document.getElementById("job-texts").dataset;
  const download = document.getElementById("job-download");

  async function poll() {
    let status;
    try {
      const response = await fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      status = await response.json();
    } catch (error) {
      setTimeout(poll, 3000);
      return;
    }
    bar.max = status.total || 1;
    bar.value = status.status === "done" ? bar.max : status.progress;
    if (status.status === "done") {
      state.textContent = texts.ready;
      download.hidden = false;
      return;
    }
    if (status.status === "failed") {
      state.textContent = texts.failed;
      const detail = document.getElementById("job-error");
      if (detail && status.error) {
        detail.textContent = status.error;
        detail.hidden = false;
      }
      return;
    }
    if (status.status === "running") {
      state.textContent = texts.running.replace("{done}", status.progress).replace("{total}", status.total);
    }
    setTimeout(poll, 1000);
  }
  poll();
});
