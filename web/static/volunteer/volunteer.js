/* The volunteer pages with JavaScript on (they work without it: plain forms).

   - Forms marked data-api go through the API (app.js, with the page's idempotency key);
     then the server draws the card acted on again and the answer shows in that card.
   - /volunteer follows the "shifts" board: free places change in place, live, and a
     shift added to the day (and the filters) shown offers a link to show it.
   - /volunteer/booths follows the "booths" board: a changed booth's card is drawn again
     (after the person has finished typing in it).
   - /volunteer/mine reloads after an action, when a check-in opens, and when the
     organizers move or cancel one of its shifts (it follows the "shifts" board).
   Text from the boards is only ever set with textContent. */
(function () {
  "use strict";

  const C = () => window.Coordinator;
  const byData = (name, value) => document.querySelector(`[data-${name}="${CSS.escape(value)}"]`);

  function placesText(taken, capacity) {
    const free = Math.max(0, capacity - taken);
    if (free === 0) return `Full · ${taken} of ${capacity} taken`;
    return `${free} of ${capacity} place${capacity === 1 ? "" : "s"} free`;
  }

  function showStatus(card, text, kind) {
    const status = card.querySelector(".card-status");
    if (!status || !text) return;
    status.textContent = text;
    status.className = `card-status ${kind}`;
    status.hidden = false;
    status.focus();
    const notice = document.getElementById("notice");
    if (notice) notice.hidden = true; // the answer is in the card, where the tap was
  }

  /* Draw one card again from the server (its forms get fresh keys), keeping what the
     person typed in it and where their focus was. */
  async function refreshCard(card, params) {
    const url = new URL(card.dataset.cardUrl, location.href);
    url.searchParams.set("next", location.pathname + location.search);
    Object.entries(params || {}).forEach(([k, v]) => url.searchParams.set(k, v));
    let response;
    try {
      response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    } catch (error) {
      return card;
    }
    if (response.status === 404) { card.remove(); updateTotals(); return null; }
    if (!response.ok) return card;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.querySelector("[data-card]");
    if (!fresh) return card;
    card.querySelectorAll("textarea[name], input[type=search][name]").forEach((field) => {
      const twin = fresh.querySelector(`[name="${field.name}"]`);
      if (twin && field.value && twin.tagName === field.tagName) twin.value = field.value;
    });
    card.querySelectorAll("input[type=radio]:checked").forEach((choice) => {
      const twin = fresh.querySelector(
        `input[type=radio][name="${choice.name}"][value="${CSS.escape(choice.value)}"]`);
      if (twin) twin.checked = true;
    });
    const focused = card.contains(document.activeElement) ? document.activeElement : null;
    const adopted = document.importNode(fresh, true);
    card.replaceWith(adopted);
    C().enhanceForms(adopted);
    if (focused) refocus(focused, adopted);
    updateTotals();
    return adopted;
  }

  /* Focus the new card's twin of what had focus (the same field or form), else its title. */
  function refocus(old, card) {
    let target = old.id ? card.querySelector(`#${CSS.escape(old.id)}`) : null;
    const form = old.closest("form");
    if (!target && form) {
      const twin = card.querySelector(`form[action="${CSS.escape(form.getAttribute("action"))}"]`);
      target = twin && !twin.hidden ? twin.querySelector("button") : null;
    }
    if (!target) {
      target = card.querySelector("h3");
      if (target) target.setAttribute("tabindex", "-1");
    }
    if (target) target.focus();
  }

  /* Someone typing or choosing in a card: a live change waits until they leave it. */
  function busyIn(card) {
    const active = document.activeElement;
    return Boolean(active && card.contains(active) &&
      active.matches("textarea, select, input:not([type=hidden]):not([type=submit])"));
  }

  function answered(event, kind) {
    const card = event.target.closest("[data-card]");
    if (!card) return;
    const text = kind === "ok" ? event.detail.form.dataset.done : C().errorText(event.detail.result);
    if (card.closest("[data-after=reload]")) {
      if (kind === "ok") {
        sessionStorage.setItem("coordinator-notice", text);
        location.reload();
      }
      return;
    }
    if (!card.dataset.cardUrl) return;
    refreshCard(card).then((fresh) => { if (fresh) showStatus(fresh, text, kind); });
  }

  /* -- /volunteer: free places, live ----------------------------------------- */

  function updateShift(shift) {
    const card = byData("shift", shift.id);
    if (!card) return;
    card.dataset.taken = shift.taken;
    card.dataset.capacity = shift.capacity;
    const full = shift.taken >= shift.capacity;
    const badge = card.querySelector("[data-places]");
    if (badge) {
      badge.textContent = placesText(shift.taken, shift.capacity);
      badge.className = `badge ${full ? "full" : "free"}`;
    }
    card.classList.toggle("is-full", full);
    const claim = card.querySelector("form[data-claim]");
    if (claim) claim.hidden = full;
  }

  function removeShift(id) {
    const card = byData("shift", id);
    if (!card) return;
    const badge = card.querySelector("[data-places]");
    if (badge) { badge.textContent = "Cancelled by the organizers"; badge.className = "badge full"; }
    card.querySelectorAll("form").forEach((form) => { form.hidden = true; });
    card.dataset.capacity = "0";
    card.dataset.taken = "0";
    updateTotals();
  }

  function updateTotals() {
    const total = document.querySelector("[data-free-total]");
    if (!total) return;
    let free = 0;
    document.querySelectorAll("[data-shift]").forEach((card) => {
      free += Math.max(0, Number(card.dataset.capacity) - Number(card.dataset.taken));
    });
    total.textContent = String(free);
  }

  /* A shift this page does not show: on its day and within its filters, it is new here. */
  function belongsHere(list, shift) {
    const day = new Intl.DateTimeFormat("en-CA", {
      timeZone: list.dataset.timeZone, year: "numeric", month: "2-digit", day: "2-digit",
    }).format(new Date(shift.starts_at));
    return day === list.dataset.day && Date.parse(shift.ends_at) > Date.now() &&
      (!list.dataset.role || list.dataset.role === shift.role) &&
      (!list.dataset.place || list.dataset.place === shift.location) &&
      (list.dataset.freeOnly !== "1" || shift.taken < shift.capacity);
  }

  function announceNew(list, shift) {
    const banner = document.querySelector("[data-new-shifts]");
    if (!banner || byData("shift", shift.id) || !belongsHere(list, shift)) return;
    const added = new Set((banner.dataset.ids || "").split(" ").filter(Boolean));
    added.add(shift.id);
    banner.dataset.ids = [...added].join(" ");
    banner.querySelector("span").textContent =
      `${added.size} more shift${added.size === 1 ? "" : "s"} for this day.`;
    banner.hidden = false;
  }

  function followShifts(list) {
    C().live("shifts", {
      snapshot(data) {
        list.dataset.live = "yes";
        const present = new Set();
        data.shifts.forEach((shift) => {
          present.add(shift.id);
          updateShift(shift);
          announceNew(list, shift);
        });
        list.querySelectorAll("[data-shift]").forEach((card) => {
          if (!present.has(card.dataset.shift)) removeShift(card.dataset.shift);
        });
        updateTotals();
      },
      patch(message) {
        if (message.shift) { updateShift(message.shift); announceNew(list, message.shift); }
        if (message.removed) removeShift(message.removed);
        updateTotals();
      },
    });
  }

  /* -- /volunteer/booths: cards drawn again when their booth changes ---------- */

  const waiting = new Set(); // booths changed while the person was busy in their card

  function boothChanged(list, id) {
    let card = byData("booth", id);
    if (!card) {
      card = document.createElement("li");
      card.className = "card booth";
      card.dataset.card = "";
      card.dataset.booth = id;
      card.dataset.cardUrl = `${list.dataset.cardBase}${id}/card`;
      list.appendChild(card);
    }
    if (busyIn(card)) { waiting.add(id); return; }
    refreshCard(card);
  }

  function followBooths(list) {
    let position = Number(list.dataset.position || 0);
    list.addEventListener("focusout", (event) => {
      const card = event.target.closest("[data-booth]");
      if (!card || card.contains(event.relatedTarget)) return;
      if (waiting.delete(card.dataset.booth)) refreshCard(card);
    });
    C().live("booths", {
      snapshot(data, at) {
        list.dataset.live = "yes";
        if (at <= position) return; // the page is already this fresh
        position = at;
        const present = new Set(data.booths.map((booth) => booth.id));
        data.booths.forEach((booth) => boothChanged(list, booth.id));
        list.querySelectorAll("[data-booth]").forEach((card) => {
          if (!present.has(card.dataset.booth)) card.remove();
        });
      },
      patch(message, at) {
        position = at;
        if (message.booth) boothChanged(list, message.booth.id);
        if (message.removed) { const card = byData("booth", message.removed); if (card) card.remove(); }
      },
    });
  }

  /* The handoff's name search draws the card again with the results, in place. */
  function searchInCard(event) {
    const form = event.target.closest("form[data-card-search]");
    const card = form && form.closest("[data-card]");
    if (!card) return;
    event.preventDefault();
    const query = form.querySelector("input[name=q]").value;
    refreshCard(card, { q: query }).then((fresh) => {
      if (!fresh) return;
      const first = fresh.querySelector("input[type=radio]") || fresh.querySelector("input[name=q]");
      if (first) first.focus();
    });
  }

  /* -- /volunteer/mine: drawn again when one of its shifts moves or goes ------- */

  function followMine(list) {
    const same = (card, shift) => Boolean(shift) &&
      Date.parse(shift.starts_at) === Date.parse(card.dataset.starts) &&
      Date.parse(shift.ends_at) === Date.parse(card.dataset.ends) &&
      shift.location === card.dataset.location;
    let redrawing = false;
    const redraw = () => {
      if (redrawing) return;
      redrawing = true;
      sessionStorage.setItem("coordinator-notice",
        "One of your shifts was changed by the organizers: here they are as they stand now.");
      location.reload();
    };
    C().live("shifts", {
      snapshot(data) {
        list.dataset.live = "yes";
        const byId = new Map(data.shifts.map((shift) => [shift.id, shift]));
        const cards = [...list.querySelectorAll("[data-my-shift]")];
        if (cards.some((card) => !same(card, byId.get(card.dataset.myShift)))) redraw();
      },
      patch(message) {
        const id = message.shift ? message.shift.id : message.removed;
        const card = id ? byData("my-shift", id) : null;
        if (card && (message.removed || !same(card, message.shift))) redraw();
      },
    });
  }

  /* -- /volunteer/mine: reload when a check-in opens ------------------------- */

  function reloadWhenCheckInOpens() {
    const times = [...document.querySelectorAll("[data-reload-at]")]
      .map((card) => Date.parse(card.dataset.reloadAt) - Date.now())
      .filter((ms) => ms > 0 && ms < 12 * 3600 * 1000);
    if (times.length) setTimeout(() => location.reload(), Math.min(...times) + 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const stored = sessionStorage.getItem("coordinator-notice");
    if (stored) { sessionStorage.removeItem("coordinator-notice"); C().notice(stored, "ok"); }
    document.addEventListener("api:done", (event) => answered(event, "ok"));
    document.addEventListener("api:refused", (event) => answered(event, "error"));
    document.addEventListener("submit", searchInCard);
    const shifts = document.querySelector('[data-live-board="shifts"]');
    if (shifts) followShifts(shifts);
    const booths = document.querySelector('[data-live-board="booths"]');
    if (booths) followBooths(booths);
    const mine = document.querySelector("[data-live-mine]");
    if (mine) followMine(mine);
    reloadWhenCheckInOpens();
    window.volunteer = { refreshCard, placesText };
  });
})();
