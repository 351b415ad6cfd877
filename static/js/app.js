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
