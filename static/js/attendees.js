// The organiser's attendee pages: "tick everyone" on the list, and the WhatsApp work list that
// remembers on this device which tickets were sent (localStorage; nothing goes to the server).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll("input." + box.dataset.selectAll).forEach((pick) => {
        pick.checked = box.checked;
      });
    });
  });

  const list = document.querySelector("[data-sent-store]");
  if (!list) return;
  const storeKey = list.dataset.sentStore;
  let sent = {};
  try {
    sent = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {};
  } catch (e) {
    sent = {};
  }
  const save = () => {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(sent));
    } catch (e) {
      // Private mode or storage full: the marks last until the page is closed.
    }
  };
  const show = (item, isSent) => {
    item.classList.toggle("is-sent", isSent);
    const box = item.querySelector("[data-wa-sent]");
    if (box) box.checked = isSent;
  };
  list.querySelectorAll("[data-sent-key]").forEach((item) => {
    const key = item.dataset.sentKey;
    show(item, Boolean(sent[key]));
    const link = item.querySelector("[data-wa-send]");
    if (link) {
      link.addEventListener("click", () => {
        sent[key] = Date.now();
        save();
        show(item, true);
      });
    }
    const box = item.querySelector("[data-wa-sent]");
    if (box) {
      box.addEventListener("change", () => {
        if (box.checked) sent[key] = Date.now();
        else delete sent[key];
        save();
        show(item, box.checked);
      });
    }
  });
});
