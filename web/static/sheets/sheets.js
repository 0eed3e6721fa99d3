/* /sheets with JavaScript on (it works without it: plain forms).

   The page follows the "sheets" board: when a sheet changes (someone joins elsewhere,
   an owner closes a group, a talk moves up the queue) the server draws the page's
   lists again for this person (GET /sheets/live), so places left, the queue and
   "Yours" stay right without a reload. While the person is typing in the lists (a
   talk's title, a reason), the redraw waits until they leave the field. */
(function () {
  "use strict";

  function busyIn(root) {
    const active = document.activeElement;
    return Boolean(active && root.contains(active) &&
      active.matches("textarea, select, input:not([type=hidden]):not([type=submit])"));
  }

  function follow(root) {
    let position = Number(root.dataset.position || -1);
    let pending = false; // a change came while the person was typing
    let fetching = null;

    async function redraw() {
      if (busyIn(root)) { pending = true; return; }
      pending = false;
      if (fetching) { pending = true; return; }
      fetching = fetch(root.dataset.liveUrl, {
        credentials: "same-origin", headers: { Accept: "text/html" },
      }).then((response) => (response.ok ? response.text() : null)).catch(() => null);
      const html = await fetching;
      fetching = null;
      if (html !== null && !busyIn(root)) {
        const open = [...root.querySelectorAll("details[open]")].map((d) => d.closest("[id]").id);
        const doc = new DOMParser().parseFromString(html, "text/html");
        root.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
        open.forEach((id) => {
          const box = document.getElementById(id);
          const details = box && box.querySelector("details");
          if (details) details.open = true;
        });
        root.dataset.redrawn = String(Number(root.dataset.redrawn || 0) + 1);
      } else {
        pending = true;
      }
      if (pending) setTimeout(() => { if (pending) redraw(); }, 1000);
    }

    root.addEventListener("focusout", (event) => {
      if (pending && !root.contains(event.relatedTarget)) setTimeout(redraw, 0);
    });
    window.Coordinator.live("sheets", {
      snapshot(data, at) {
        root.dataset.live = "yes";
        if (at <= position) return; // the page is already this fresh
        position = at;
        redraw();
      },
      patch(message, at) {
        position = at;
        redraw();
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-sheets-live]");
    if (root && window.Coordinator) follow(root);
  });
})();
