// The review page's only script (served from the page's own origin, as its CSP requires):
// select-all, the store form's run times following its site, and the live progress of "apply now"
// (read from /progress until the apply ends).
document.addEventListener("DOMContentLoaded", () => {
  const site = document.querySelector("select#site");
  const follow = () => document.querySelectorAll("tbody.site-times").forEach(t => {
    const on = t.dataset.site === site.value;
    t.hidden = !on;
    t.querySelectorAll("input").forEach(i => { i.disabled = !on; });   // a hidden site's times are not sent
  });
  if (site) site.addEventListener("change", follow);
  const all = document.querySelector("input.pick-all");
  if (all) all.addEventListener("click", () => document.querySelectorAll("input.pick").forEach(c => { c.checked = all.checked; }));
  const box = document.getElementById("progress");
  const panel = document.getElementById("applybox");
  if (!box || !panel || panel.dataset.seen !== "1") return;
  const text = (tag, s, cls) => { const e = document.createElement(tag); e.textContent = s; if (cls) e.className = cls; return e; };
  const show = p => {
    box.replaceChildren();
    const head = `${box.dataset.label} ${p.done} / ${p.total} · ` + (p.running ? box.dataset.labelRunning : box.dataset.labelDone);
    box.appendChild(text("b", head, "progress-head"));
    const table = document.createElement("table");
    for (const i of p.items) {
      const tr = document.createElement("tr");
      tr.className = "progress-item"; tr.dataset.id = i.id; tr.dataset.state = i.state;
      tr.append(text("td", "#" + i.id), text("td", i.store), text("td", i.what), text("td", i.change),
                text("td", p.state_words[i.state] || i.state, "state-" + i.state), text("td", i.note || "", "failure"));
      table.appendChild(tr);
    }
    box.appendChild(table);
    if (p.error) box.appendChild(text("div", p.error, "failure"));
    box.dataset.finished = p.running ? "0" : "1";
  };
  let watched = false;       // this page saw the apply running: once it ends, the list is shown again with the new states
  const poll = () => fetch("/progress", {credentials: "same-origin"}).then(r => r.json()).then(p => {
    if (!p.running && watched) { const u = new URL(location.href); u.searchParams.delete("msg"); location.replace(u); return; }
    show(p);
    if (p.running) { watched = true; setTimeout(poll, 700); }
  }).catch(() => setTimeout(poll, 2000));
  poll();
});
