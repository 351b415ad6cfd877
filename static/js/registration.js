// Registration and correction form: show only the fields that apply to the chosen category.
// Without JavaScript every field stays visible and the server decides what applies.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("registration-form");
  const category = form && form.querySelector("[name=category]");
  if (!category) return;
  const golongan = form.querySelector("select[name=golongan]");

  function update() {
    const chosen = category.value;
    form.querySelectorAll("[data-show-for]").forEach((block) => {
      const applies = block.dataset.showFor.split("|").includes(chosen);
      block.hidden = !applies;
      // Hidden inputs are disabled, so they are not sent; what was typed stays for a switch back.
      block.querySelectorAll("input, select, textarea").forEach((input) => { input.disabled = !applies; });
    });
    if (golongan) {
      golongan.querySelectorAll("optgroup").forEach((group) => {
        group.disabled = group.dataset.scheme !== chosen;
      });
      const selected = golongan.selectedOptions[0];
      if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.disabled) {
        golongan.value = "";
      }
    }
  }

  category.addEventListener("change", update);
  update();
});
