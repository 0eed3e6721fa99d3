/* Organizer pages. Each works without this script; with it:
   - the overview stays live: the shifts, booths and open-space boards (Socket.IO,
     docs/boards.md) say when something changed, and the live part is fetched again
     from the server (one drawing code, escaped by the server's templates);
   - the timeline's slider moves through the log (a page per position, shareable);
   - the event log page follows a running import, rebuild or verify. */
(function () {
  "use strict";

  // -- live overview ---------------------------------------------------------------

  function liveOverview(root) {
    const status = document.getElementById("live-status");
    const boards = (root.dataset.boards || "").split(",").filter(Boolean);
    let timer = null;
    let pending = false;
    let busy = false;

    function say(text, state) {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    }

    function editing() {
      const active = document.activeElement;
      return active && root.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    }

    async function refresh() {
      timer = null;
      if (editing()) { pending = true; return; }
      if (busy) { pending = true; return; }
      busy = true;
      pending = false;
      try {
        const response = await fetch(root.dataset.liveUrl, { credentials: "same-origin",
          headers: { Accept: "text/html" } });
        if (!response.ok || response.redirected) {
          say("Signed out? Reload the page.", "offline");
          return;
        }
        const html = await response.text();
        const open = Array.from(root.querySelectorAll("details[open]"))
          .map((d) => d.closest("[id]")).filter(Boolean).map((e) => e.id);
        const parsed = new DOMParser().parseFromString(html, "text/html");
        root.replaceChildren(...Array.from(parsed.body.childNodes));
        open.forEach((id) => {
          const element = document.getElementById(id);
          const details = element && element.querySelector("details");
          if (details) details.open = true;
        });
        say(`Live · updated ${new Date().toLocaleTimeString()}`, "live");
      } catch (error) {
        say("Connection lost; retrying…", "offline");
      } finally {
        busy = false;
        if (pending) schedule();
      }
    }

    function schedule() {
      if (timer === null) timer = setTimeout(refresh, 400);
    }

    root.addEventListener("focusout", () => { if (pending) schedule(); });
    const seen = {};
    boards.forEach((board) => {
      window.Coordinator.live(board, {
        snapshot: () => {
          // The first snapshot matches the page; later ones follow a reconnect.
          if (seen[board]) schedule();
          seen[board] = true;
          say("Live", "live");
        },
        patch: () => schedule(),
      });
    });
  }

  // -- timeline --------------------------------------------------------------------

  function timeline(form) {
    const slider = form.querySelector("input[type=range]");
    const at = form.querySelector("input[name=at]");
    if (!slider || !at) return;
    slider.addEventListener("input", () => { at.value = slider.value; });
    slider.addEventListener("change", () => { at.value = slider.value; form.submit(); });
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && target !== slider) return;
      const link = event.key === "ArrowLeft" ? document.getElementById("step-back")
        : event.key === "ArrowRight" ? document.getElementById("step-forward") : null;
      if (link && target !== slider) { event.preventDefault(); link.click(); }
    });
  }

  // -- log operations --------------------------------------------------------------

  function jobPanel(panel) {
    const part = (name) => panel.querySelector(`[data-job="${name}"]`);
    let sawRunning = false;

    function draw(job) {
      panel.hidden = false;
      part("name").textContent = job.name;
      part("by").textContent = job.by;
      part("bar").value = job.percent;
      const state = part("state");
      state.className = `job-state ${job.state}`;
      state.textContent = `${job.state}: ${job.done} / ${job.total}`;
      part("message").textContent = job.message;
      const list = part("details");
      list.replaceChildren(...job.details.map((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        return item;
      }));
    }

    async function poll() {
      try {
        const response = await fetch(panel.dataset.jobUrl, { credentials: "same-origin" });
        const data = await response.json();
        if (data.job) {
          draw(data.job);
          if (data.job.state === "running") {
            sawRunning = true;
            setTimeout(poll, 500);
          } else if (sawRunning) {
            setTimeout(() => window.location.reload(), 800);
          }
        }
      } catch (error) {
        setTimeout(poll, 2000);
      }
    }

    poll();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const live = document.getElementById("live");
    if (live && live.dataset.liveUrl && window.Coordinator) liveOverview(live);
    const scrubber = document.getElementById("scrubber");
    if (scrubber) timeline(scrubber);
    const job = document.getElementById("job");
    if (job && job.dataset.jobUrl) jobPanel(job);
  });
})();
