/* The open-space page, live: the grid the server rendered is kept up to date from the
   "open-space" board (snapshot, then {"slot": ...} patches), slot by slot, in place.
   A slot whose state changes gets its cell's inside cloned from the page's <template>s
   (the same markup the server renders); text goes in with textContent only. Forms go
   through the API (app.js, data-api) with the page's idempotency key; without this
   script they post to the page's own routes. */
(function () {
  "use strict";

  const SLOT_ID = /^[0-9a-f]{32}$/;
  const BLOCKED_TEXT = "Kept free by the organizers.";
  const TICK_MS = 15000;

  function start() {
    const grid = document.getElementById("grid");
    const C = window.Coordinator;
    if (!grid || !C) return;
    const me = grid.dataset.me || "";
    const skew = Date.parse(grid.dataset.now) - Date.now();
    const now = () => Date.now() + (Number.isNaN(skew) ? 0 : skew);
    const dayOf = dayFormatter(grid.dataset.timeZone);
    const slots = new Map(); // id -> the latest slot data seen
    const interested = new Set(); // slots whose session the signed-in person marked
    let seen = Number(grid.dataset.position) || 0;

    grid.querySelectorAll("td[data-slot]").forEach((td) => {
      if (td.dataset.shape.endsWith(":1")) interested.add(td.dataset.slot);
      watch(td);
    });

    const cellOf = (id) => (SLOT_ID.test(id) ? grid.querySelector(`td[data-slot="${id}"]`) : null);

    function stateOf(slot, td) {
      if (slot.session) return "taken";
      if (slot.blocked) return "blocked";
      return now() >= Date.parse(td.dataset.closesAt) ? "closed" : "free";
    }

    function apply(slot) {
      if (!slot || typeof slot.id !== "string") return;
      const td = cellOf(slot.id);
      if (!td) {
        if (dayOf(slot.starts_at) === grid.dataset.day) {
          document.getElementById("grid-changed").hidden = false;
        }
        return;
      }
      slots.set(slot.id, slot);
      if (!slot.session) interested.delete(slot.id);
      draw(td, slot, stateOf(slot, td));
    }

    function draw(td, slot, state) {
      const session = slot.session;
      const mine = Boolean(me && session && session.host_id === me);
      const marked = Boolean(session && interested.has(slot.id));
      const shape = `${state}:${mine ? 1 : 0}:${marked ? 1 : 0}`;
      const body = td.querySelector(".cell-body");
      if (td.dataset.shape !== shape) {
        const focus = body.contains(document.activeElement) ? document.activeElement : null;
        const from = focus && focus.closest("[data-part]");
        body.replaceChildren(build(state, slot.id, mine, marked));
        td.dataset.shape = shape;
        td.dataset.state = state;
        td.className = `slot ${state}`;
        watch(body);
        C.enhanceForms(body);
        if (focus) refocus(td, body, from ? from.dataset.part : "");
      }
      fill(body, state, slot, mine, marked);
      countFree();
    }

    function build(state, id, mine, marked) {
      const template = document.getElementById(`tpl-${state}`);
      const fragment = template.content.cloneNode(true);
      fragment.querySelectorAll("*").forEach((node) => {
        ["id", "for", "action", "data-api"].forEach((name) => {
          const value = node.getAttribute(name);
          if (value && value.includes("SLOT_ID")) node.setAttribute(name, value.replace("SLOT_ID", id));
        });
      });
      fragment.querySelectorAll("input[name=idempotency_key]").forEach((k) => { k.value = C.newKey(); });
      const drop = {
        "interest-add": mine || marked, "interest-withdraw": mine || !marked, release: !mine,
      };
      Object.keys(drop).forEach((part) => {
        const node = fragment.querySelector(`[data-part="${part}"]`);
        if (node && drop[part]) node.remove();
      });
      return fragment;
    }

    function fill(body, state, slot, mine, marked) {
      const text = (selector, value) => {
        const node = body.querySelector(selector);
        if (node && node.textContent !== value) node.textContent = value;
      };
      if (state === "blocked") {
        text(".reason", slot.blocked && slot.blocked !== "blocked" ? slot.blocked : BLOCKED_TEXT);
      }
      if (state !== "taken") return;
      const session = slot.session;
      text(".topic", session.topic);
      body.querySelectorAll(".topic-ref").forEach((node) => {
        if (node.textContent !== session.topic) node.textContent = session.topic;
      });
      text(".host-name", session.host_name);
      text(".description", session.description || "");
      text(".count", String(session.interested));
      body.querySelector("details.about").hidden = !session.description;
      body.querySelector('[data-part="yours"]').hidden = !mine;
      body.querySelector('[data-part="you-too"]').hidden = !marked;
    }

    function refocus(td, body, part) {
      const partner = { "interest-add": "interest-withdraw", "interest-withdraw": "interest-add" }[part];
      const target = (partner && body.querySelector(`[data-part="${partner}"] button`)) ||
        body.querySelector(".topic") || body.querySelector("summary, button, a");
      if (target) { target.focus(); return; }
      td.tabIndex = -1;
      td.focus();
    }

    function countFree() {
      const counter = document.getElementById("free-count");
      const free = grid.querySelectorAll('td[data-state="free"]').length;
      const words = `${free} free slot${free === 1 ? "" : "s"} open for claims.`;
      if (counter && counter.textContent !== words) counter.textContent = words;
    }

    /* The answer to an action, next to the slot it was about (the notice at the top of
       the page may be scrolled out of sight on a phone). Listeners sit on the forms, so
       they hear the answer even when a live patch has redrawn the cell meanwhile. */
    function watch(root) {
      root.querySelectorAll("form[data-api]").forEach((form) => {
        const td = form.closest("td[data-slot]");
        /* The button was disabled while the answer came, which drops the focus:
           give it back, or to what replaced it if a live patch redrew the cell. */
        const settle = () => {
          const active = document.activeElement;
          if (active && active !== document.body) return;
          const button = form.isConnected && form.querySelector("button");
          if (button) button.focus();
          else refocus(td, td.querySelector(".cell-body"), form.dataset.part);
        };
        form.addEventListener("api:done", () => {
          const part = form.dataset.part;
          if (part === "interest-add") interested.add(td.dataset.slot);
          if (part === "interest-withdraw") interested.delete(td.dataset.slot);
          note(td, form.dataset.done, "ok");
          settle();
          refresh();
        });
        form.addEventListener("api:refused", (event) => {
          const error = (event.detail.result.data || {}).error || {};
          let message = C.errorText(event.detail.result);
          if (error.code === "slot_taken") message = `Someone was quicker. ${message} Pick another free slot.`;
          if (error.code === "too_late") closeNow(td);
          note(td, message, "error");
          C.notice(message, "error");
          settle();
          refresh();
        });
      });
    }

    function note(td, message, kind) {
      let element = td.querySelector(".cell-note");
      if (!element) {
        element = document.createElement("p");
        td.appendChild(element);
      }
      element.className = `cell-note flash ${kind}`;
      element.textContent = message;
    }

    function closeNow(td) {
      td.dataset.closesAt = new Date(now()).toISOString();
      const slot = slots.get(td.dataset.slot) || { id: td.dataset.slot, session: null, blocked: null };
      if (!slot.session && !slot.blocked) draw(td, slot, "closed");
    }

    /* Claims close a set time before each slot starts: free cells turn "claims closed"
       as the clock passes, unless someone is typing a topic there (the server answers
       too_late to that claim, and says so). */
    function tick() {
      grid.querySelectorAll('td[data-state="free"]').forEach((td) => {
        if (now() < Date.parse(td.dataset.closesAt)) return;
        const form = td.querySelector("form");
        const busy = form && (form.contains(document.activeElement) ||
          Array.from(form.querySelectorAll("input[name=topic], textarea")).some((f) => f.value));
        if (!busy) draw(td, slots.get(td.dataset.slot) || { id: td.dataset.slot, session: null }, "closed");
      });
    }

    function snapshot(data, position) {
      if (position < seen) return;
      seen = position;
      data.slots.forEach(apply);
    }

    async function refresh() {
      try {
        const response = await fetch("/api/v1/open-space", { credentials: "same-origin" });
        if (response.ok) {
          const data = await response.json();
          snapshot(data, data.position);
        }
      } catch (error) {
        /* the live board catches up when the connection is back */
      }
    }

    C.live("open-space", {
      snapshot(data, position) {
        snapshot(data, position);
        grid.dataset.live = "yes"; // for the browser tests: subscribed, and up to date
      },
      patch(message, position) {
        if (position <= seen) return;
        seen = position;
        if (message.slot) apply(message.slot);
        // A slot or room the organizers removed: say so, rather than redraw the table.
        if ((message.removed && cellOf(message.removed)) || message.removed_room) {
          document.getElementById("grid-changed").hidden = false;
        }
      },
    });
    setInterval(tick, TICK_MS);
    window.openSpace = { slots, interested, refresh };
  }

  function dayFormatter(timeZone) {
    let format;
    try {
      format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch (error) {
      format = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit" });
    }
    return (iso) => {
      const parts = {};
      format.formatToParts(new Date(iso)).forEach((p) => { parts[p.type] = p.value; });
      return `${parts.year}-${parts.month}-${parts.day}`;
    };
  }

  document.addEventListener("DOMContentLoaded", start);
})();
