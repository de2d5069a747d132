// The review page's only script (served from the page's own origin, as its CSP requires).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.querySelector("input.pick-all");
  if (all) all.addEventListener("click", () => document.querySelectorAll("input.pick").forEach(c => { c.checked = all.checked; }));
});
