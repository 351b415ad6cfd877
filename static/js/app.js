// Small progressive enhancements. No inline scripts anywhere (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: <button data-copy="#element-id">
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const target = document.querySelector(button.dataset.copy);
      if (!target) return;
      try {
        await navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = button.dataset.copied || button.textContent;
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(target);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
    });
  });
  // Confirmation for destructive buttons: <button data-confirm="Are you sure?">
  document.querySelectorAll("form [data-confirm]").forEach((button) => {
    button.form.addEventListener("submit", (event) => {
      if (event.submitter === button && !window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});

// Signing out on a phone that scanned tickets: the scanner keeps its roster and any unsent scans
// in IndexedDB through idb-keyval (static/vendor, loaded by every page), under keys "bintek:…".
// Signing out from any page wipes them and the offline copies of pages, after a warning when
// scans have not been sent yet. (The scanner page has its own button with the same rule; it
// registers its handler first and marks the form as checked.)
document.addEventListener("DOMContentLoaded", () => {
  const idb = window.idbKeyval;
  if (!idb || !window.indexedDB) return;
  document.querySelectorAll('form[action$="/logout"]').forEach((form) => {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.checked || document.getElementById("scanner")) return;
      event.preventDefault();
      const done = () => { form.dataset.checked = "1"; form.submit(); };
      try {
        const mine = (await idb.entries()).filter(([key]) => typeof key === "string" && key.startsWith("bintek:"));
        const unsent = mine.filter(([key]) => key.startsWith("bintek:queue:"))
          .reduce((n, [, queue]) => n + (Array.isArray(queue) ? queue.length : 0), 0);
        if (unsent && !window.confirm(form.dataset.unsent.replace("{n}", unsent))) return;
        await idb.delMany(mine.map(([key]) => key));
        if (window.caches) {
          for (const name of await caches.keys()) if (name.startsWith("bintek-")) await caches.delete(name);
        }
      } catch (e) { /* no storage here: nothing to wipe */ }
      done();
    });
  });
});
