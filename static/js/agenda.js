// Agenda forms: refuse a file that is too large before it is uploaded, and suggest "no check-in"
// for a break on a new session. The server checks everything again.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
    input.addEventListener("change", () => {
      const max = Number(input.dataset.maxBytes);
      const file = input.files && input.files[0];
      input.setCustomValidity(file && file.size > max ? input.dataset.tooLarge || "" : "");
      input.reportValidity();
    });
    if (input.form) {
      input.form.addEventListener("submit", (event) => {
        if (!input.checkValidity()) {
          event.preventDefault();
          input.reportValidity();
        }
      });
    }
  });

  const form = document.querySelector("form[data-new-session]");
  if (form) {
    const kind = form.querySelector("select[name=kind]");
    const checkin = form.querySelector("input[name=requires_checkin]");
    if (kind && checkin) {
      kind.addEventListener("change", () => {
        checkin.checked = kind.value !== "istirahat";
      });
    }
  }
});
