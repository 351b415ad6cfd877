// After pairing: keep the device token on this phone (never in a cookie, never in a URL) and
// open the scanner.
document.addEventListener("DOMContentLoaded", () => {
  const paired = document.getElementById("paired");
  if (!paired || !paired.dataset.token) return;
  localStorage.setItem(`bintek:device:${paired.dataset.slug}`, paired.dataset.token);
  paired.removeAttribute("data-token");
  window.location.replace(paired.dataset.scanner);
});
