/* Kiosk boards: live, full-screen, meant to run for days without anyone touching them.
 *
 * - Subscribes to each board of the page on the /boards Socket.IO namespace, draws the
 *   board from its snapshot and applies patches (see docs/boards.md for the protocol).
 * - On a dropped connection it keeps the last state and shows "Reconnecting… last update
 *   HH:MM"; socket.io-client reconnects with randomized backoff, and every (re)connect
 *   subscribes again for a fresh snapshot, so a restarted server is picked up by itself.
 * - Polls /kiosk/version every minute and reloads when the server's assets (or the
 *   conference's name or time zone) changed; without ?day= it also reloads when the
 *   conference's day changes, so the day rule is applied again.
 *
 * Everything people typed is put in the page with textContent, never as markup.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var GRACE_MS = (config.grace_minutes || 10) * 60 * 1000;
  var SOON_MS = 3 * 60 * 60 * 1000; // shifts starting this soon and short of people go first
  var VERSION_POLL_MS = 60 * 1000;
  var SNAPSHOT_TIMEOUT_MS = 15 * 1000;
  var REDRAW_MS = 30 * 1000;
  var MAX_BUFFER = 500;

  // -- time, in the conference's time zone --------------------------------------------

  var timeZone = usableZone(config.conference.time_zone);
  var skewMs = 0; // server clock minus ours, measured by the version poll

  function usableZone(name) {
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: name }).format(new Date());
      return name;
    } catch (error) {
      return "UTC";
    }
  }

  var timeFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  var dayFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
  });
  var longDayFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone, weekday: "long", day: "numeric", month: "long",
  });
  var weekdayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: timeZone, weekday: "long" });

  function now() { return new Date(Date.now() + skewMs); }
  function parse(iso) { return new Date(iso); }
  function hhmm(date) { return timeFormat.format(date); }

  function dayKey(date) { // YYYY-MM-DD in the conference's time zone
    var parts = {};
    dayFormat.formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function duration(ms) {
    var minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    return hours + " h" + (rest ? " " + rest + " min" : "");
  }

  function when(date, reference) { // "14:00", or "Sunday 14:00" on another day
    if (dayKey(date) === dayKey(reference)) return hhmm(date);
    return weekdayFormat.format(date) + " " + hhmm(date);
  }

  // -- safe DOM building: text only ------------------------------------------------------

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      if (arguments[i]) parent.appendChild(arguments[i]);
    }
    return parent;
  }

  function replaceChildren(parent, children) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    children.forEach(function (child) { if (child) parent.appendChild(child); });
  }

  function byId(items) {
    var found = {};
    items.forEach(function (item) { found[item.id] = item; });
    return found;
  }

  function upsert(list, item) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === item.id) { list[i] = item; return; }
    }
    list.push(item);
  }

  function remove(list, id) {
    return list.filter(function (item) { return item.id !== id; });
  }

  // -- boards: how each kind applies a patch and draws itself ---------------------------

  var kinds = {
    "open-space": {
      apply: function (data, patch) {
        if (patch.slot) upsert(data.slots, patch.slot);
        if (patch.room) upsert(data.rooms, patch.room);
        if (patch.removed) data.slots = remove(data.slots, patch.removed);
        if (patch.removed_room) data.rooms = remove(data.rooms, patch.removed_room);
        return data;
      },
      draw: drawOpenSpace,
    },
    shifts: {
      apply: function (data, patch) {
        if (patch.shift) upsert(data.shifts, patch.shift);
        if (patch.removed) data.shifts = remove(data.shifts, patch.removed);
        return data;
      },
      draw: drawShifts,
    },
    booths: {
      apply: function (data, patch) {
        if (patch.booth) upsert(data.booths, patch.booth);
        if (patch.removed) data.booths = remove(data.booths, patch.removed);
        return data;
      },
      draw: drawBooths,
    },
    room: {
      apply: function (data, patch) { return patch.data ? patch.data : data; },
      draw: drawRoom,
    },
    sheets: {
      apply: function (data, patch) {
        if (patch.sheet) upsert(data.sheets, patch.sheet);
        if (patch.removed) data.sheets = remove(data.sheets, patch.removed);
        return data;
      },
      draw: drawSheets,
    },
    announcements: {
      apply: function (data, patch) {
        if (patch.announcement) upsert(data.announcements, patch.announcement);
        if (patch.removed) data.announcements = remove(data.announcements, patch.removed);
        return data;
      },
      draw: drawAnnouncements,
    },
  };

  function drawOpenSpace(panel, data, at) {
    var day = panel.dataset.day;
    var rooms = byId(data.rooms);
    var slots = data.slots.filter(function (s) { return dayKey(parse(s.starts_at)) === day; });
    var usedRooms = {};
    var rows = {};
    slots.forEach(function (slot) {
      usedRooms[slot.room_id] = true;
      var start = parse(slot.starts_at).getTime();
      if (!rows[start]) rows[start] = { start: start, end: parse(slot.ends_at).getTime(), cells: {} };
      rows[start].cells[slot.room_id] = slot;
    });
    var columns = data.rooms.filter(function (r) { return usedRooms[r.id]; });
    columns.sort(function (a, b) { return a.name.localeCompare(b.name); });
    var times = Object.keys(rows).map(Number).sort(function (a, b) { return a - b; });
    if (!times.length) {
      setNote(panel, "");
      return [h("p", "empty", "No open-space slots on this day.")];
    }

    // A CSS grid (not a table) so that every row shares the height the screen has.
    var grid = h("div", "grid");
    grid.setAttribute("role", "table");
    grid.style.setProperty("--rooms", String(columns.length));
    grid.style.setProperty("--times", String(times.length));
    append(grid, h("div", "corner", ""));
    columns.forEach(function (room) {
      var head = h("div", "room-name", room.name);
      head.setAttribute("role", "columnheader");
      append(grid, head);
    });
    var free = 0;
    var nowMs = at.getTime();
    times.forEach(function (start) {
      var row = rows[start];
      var rowClass = row.start <= nowMs && nowMs < row.end ? " now" : row.end <= nowMs ? " past" : "";
      var label = h("div", "time" + rowClass);
      label.setAttribute("role", "rowheader");
      append(label, h("span", "time-start", hhmm(new Date(row.start))),
        h("span", "time-end", "–" + hhmm(new Date(row.end))));
      append(grid, label);
      columns.forEach(function (room) {
        var slot = row.cells[room.id];
        var cell = h("div", "slot");
        cell.setAttribute("role", "cell");
        if (!slot) {
          cell.className = "slot none";
        } else if (slot.blocked) {
          cell.className = "slot blocked";
          append(cell, h("div", "blocked-label", "Not available"));
        } else if (slot.session) {
          cell.className = "slot taken";
          cell.dataset.slot = slot.id;
          var meta = h("div", "meta");
          append(meta, h("span", "host", slot.session.host_name),
            slot.session.interested ? h("span", "interest", "★ " + slot.session.interested) : null);
          append(cell, h("div", "topic", slot.session.topic), meta);
        } else if (parse(slot.starts_at).getTime() > nowMs) {
          free += 1;
          cell.className = "slot free";
          cell.dataset.slot = slot.id;
          append(cell, h("div", "free-label", "FREE"), h("div", "free-hint", "claim it on your phone"));
        } else {
          cell.className = "slot unclaimed";
          append(cell, h("div", "unclaimed-label", "—"));
        }
        cell.className += rowClass;
        if (rooms[room.id] && slot) cell.title = rooms[room.id].name;
        append(grid, cell);
      });
    });
    setNote(panel, free ? free + (free === 1 ? " free slot left" : " free slots left") : "No free slots left");
    return [grid];
  }

  function drawShifts(panel, data, at) {
    var day = panel.dataset.day;
    var nowMs = at.getTime();
    var open = [];
    var covered = 0;
    data.shifts.forEach(function (shift) {
      var start = parse(shift.starts_at);
      var end = parse(shift.ends_at);
      if (dayKey(start) !== day || end.getTime() <= nowMs) return;
      if (shift.taken >= shift.capacity) { covered += 1; return; }
      open.push({ shift: shift, start: start, end: end,
        soon: start.getTime() - nowMs < SOON_MS });
    });
    open.sort(function (a, b) {
      if (a.soon !== b.soon) return a.soon ? -1 : 1;
      return a.start - b.start || (b.shift.capacity - b.shift.taken) - (a.shift.capacity - a.shift.taken);
    });
    var needed = open.reduce(function (sum, o) { return sum + o.shift.capacity - o.shift.taken; }, 0);
    setNote(panel, open.length
      ? needed + (needed === 1 ? " person" : " people") + " needed for " + open.length +
        (open.length === 1 ? " shift" : " shifts") + (covered ? " · " + covered + " covered" : "")
      : "");
    if (!open.length) {
      return [h("p", "empty good", "Every shift on this day has enough people. Thank you!")];
    }
    var list = h("ol", "shift-list");
    open.forEach(function (o) {
      var s = o.shift;
      var running = o.start.getTime() <= nowMs;
      var item = h("li", "shift" + (o.soon ? " soon" : "") + (running ? " running" : ""));
      item.dataset.shift = s.id;
      var time = h("div", "shift-time");
      append(time, h("span", "shift-range", hhmm(o.start) + "–" + hhmm(o.end)),
        h("span", "shift-when", running ? "now" : o.soon ? "in " + duration(o.start - nowMs) : ""));
      var what = h("div", "shift-what");
      append(what, h("div", "shift-role", s.role), h("div", "shift-location", s.location));
      var count = h("div", "shift-count");
      append(count, h("span", "shift-taken", s.taken + " / " + s.capacity),
        h("span", "shift-needs", "needs " + (s.capacity - s.taken)));
      append(item, time, what, count);
      append(list, item);
    });
    return [list, h("p", "more", "")];
  }

  function drawBooths(panel, data, at) {
    var booths = data.booths.slice();
    booths.sort(function (a, b) {
      if (!a.holder !== !b.holder) return a.holder ? 1 : -1;
      return a.name.localeCompare(b.name);
    });
    var unstaffed = booths.filter(function (b) { return !b.holder; }).length;
    setNote(panel, unstaffed ? unstaffed + (unstaffed === 1 ? " booth needs" : " booths need") +
      " someone" : booths.length ? "Every booth is staffed" : "");
    if (!booths.length) return [h("p", "empty", "No booths yet.")];
    var grid = h("ul", "booth-list");
    booths.forEach(function (booth) {
      var card = h("li", "booth" + (booth.holder ? " staffed" : " unstaffed"));
      card.dataset.booth = booth.id;
      append(card, h("div", "booth-name", booth.name), h("div", "booth-location", booth.location));
      if (booth.holder) {
        var holder = h("div", "booth-holder");
        append(holder, h("span", "holder-name", booth.holder.name));
        if (booth.since) {
          var since = parse(booth.since);
          append(holder, h("span", "holder-since",
            "since " + when(since, at) + " · " + duration(at - since)));
        }
        append(card, holder);
      } else {
        append(card, h("div", "booth-flag", "UNSTAFFED"));
      }
      (booth.pending_handoffs || []).forEach(function (offer) {
        var line = h("div", "handoff");
        append(line, h("span", "handoff-label", "Handoff pending → "),
          h("span", "handoff-to", offer.to ? offer.to.name : "someone"),
          offer.note ? h("span", "handoff-note", " · " + offer.note) : null);
        append(card, line);
      });
      append(grid, card);
    });
    return [grid];
  }

  function pickNow(slots, nowMs) {
    // The running slot; a session that started late still shows as "now" for the grace
    // window after its slot ends (an empty slot does not).
    for (var i = 0; i < slots.length; i++) {
      var start = parse(slots[i].starts_at).getTime();
      var end = parse(slots[i].ends_at).getTime() + (slots[i].session ? GRACE_MS : 0);
      if (start <= nowMs && nowMs < end) return i;
    }
    return -1;
  }

  function sessionCard(label, slot, at, extra) {
    var card = h("article", "room-card" + (slot && slot.session ? " taken" : " free") +
      (label === "Now" ? " now" : ""));
    var head = h("div", "room-card-head");
    append(head, h("span", "room-card-label", label));
    if (slot) {
      append(head, h("span", "room-card-time",
        when(parse(slot.starts_at), at) + "–" + hhmm(parse(slot.ends_at))));
    }
    if (extra) append(head, h("span", "room-card-extra", extra));
    append(card, head);
    if (!slot) {
      append(card, h("div", "room-card-empty", "Nothing scheduled"));
    } else if (slot.blocked) {
      append(card, h("div", "room-card-empty", "Not available"));
    } else if (slot.session) {
      card.dataset.slot = slot.id;
      append(card, h("div", "topic", slot.session.topic), h("div", "host", slot.session.host_name),
        slot.session.interested ? h("div", "interest", "★ " + slot.session.interested + " interested") : null);
    } else if (parse(slot.starts_at) > at) {
      append(card, h("div", "free-label", "FREE"), h("div", "free-hint", "Claim this slot on your phone"));
    } else {
      append(card, h("div", "room-card-empty", "No session"));
    }
    return card;
  }

  function drawRoom(panel, data, at) {
    var nowMs = at.getTime();
    var slots = data.slots.slice().sort(function (a, b) {
      return parse(a.starts_at) - parse(b.starts_at);
    });
    var current = pickNow(slots, nowMs);
    var nextIndex = -1;
    for (var i = 0; i < slots.length; i++) {
      if (i > current && parse(slots[i].starts_at).getTime() > nowMs) { nextIndex = i; break; }
    }
    var nowSlot = current >= 0 ? slots[current] : null;
    var nextSlot = nextIndex >= 0 ? slots[nextIndex] : null;
    var overrun = nowSlot && parse(nowSlot.ends_at).getTime() <= nowMs ? "running over" : null;
    var startsIn = nextSlot ? "in " + duration(parse(nextSlot.starts_at) - nowMs) : null;
    setNote(panel, "");
    var cards = h("div", "room-cards");
    append(cards, sessionCard("Now", nowSlot, at, overrun), sessionCard("Next", nextSlot, at, startsIn));
    var later = nextIndex >= 0 ? slots.slice(nextIndex + 1, nextIndex + 5) : [];
    var laterList = null;
    if (later.length) {
      laterList = h("ul", "room-later");
      later.forEach(function (slot) {
        var li = h("li", slot.session ? "taken" : "free");
        append(li, h("span", "later-time", when(parse(slot.starts_at), at)),
          h("span", "later-what", slot.blocked ? "Not available" : slot.session ? slot.session.topic : "FREE"));
        append(laterList, li);
      });
    }
    return [cards, laterList];
  }

  // -- sheets: lightning talks, dinner groups, sprint projects --------------------------

  var DINNER_AHEAD_MS = 12 * 60 * 60 * 1000; // dinners leaving within this show

  function byStart(a, b) { return parse(a.starts_at) - parse(b.starts_at); }

  function places(sheet) { // "3 places left", "FULL", or "" without a limit
    if (sheet.places_left === null || sheet.places_left === undefined) return "";
    if (sheet.places_left <= 0) return "FULL";
    return sheet.places_left + (sheet.places_left === 1 ? " place left" : " places left");
  }

  function column(className, title, children, empty) {
    var band = h("section", "sheet-column " + className);
    append(band, h("h2", "sheet-column-title", title));
    if (!children.length) append(band, h("p", "empty", empty));
    children.forEach(function (child) { append(band, child); });
    return band;
  }

  function drawTalks(sheets, at) {
    // The session running now, else the next one to start.
    var nowMs = at.getTime();
    var talks = sheets.filter(function (s) {
      return s.kind === "lightning_talks" && parse(s.ends_at).getTime() > nowMs;
    }).sort(byStart);
    if (!talks.length) return [];
    var sheet = talks[0];
    var running = parse(sheet.starts_at).getTime() <= nowMs;
    var card = h("article", "sheet talks" + (running ? " running" : ""));
    card.dataset.sheet = sheet.id;
    append(card, h("div", "sheet-title", sheet.title),
      h("div", "sheet-when", (running ? "Now · until " + hhmm(parse(sheet.ends_at))
        : when(parse(sheet.starts_at), at) + "–" + hhmm(parse(sheet.ends_at))) +
        (sheet.location ? " · " + sheet.location : "")));
    var waiting = sheet.entries.filter(function (e) { return !e.outcome; });
    if (waiting.length) {
      var next = h("div", "up-next");
      append(next, h("span", "up-next-label", running ? "Up next" : "First up"),
        h("span", "up-next-name", waiting[0].name),
        waiting[0].title ? h("span", "up-next-title", waiting[0].title) : null);
      append(card, next);
    }
    var order = h("ol", "talk-order");
    sheet.entries.forEach(function (entry) {
      var item = h("li", "talk" + (entry.outcome ? " " + entry.outcome : "") +
        (entry.queue_position === 1 ? " next" : ""));
      append(item, h("span", "talk-place", entry.outcome ? (entry.outcome === "given" ? "✓" : "–")
        : String(entry.queue_position)),
        h("span", "talk-name", entry.name), h("span", "talk-title", entry.title || ""),
        entry.outcome ? h("span", "talk-outcome", entry.outcome === "given" ? "given" : "skipped")
          : null);
      append(order, item);
    });
    if (!sheet.entries.length) append(order, h("li", "talk none", "No talks yet: sign up on your phone"));
    var state = sheet.closed ? "Sign-up closed" : places(sheet) === "FULL" ? "FULL" : places(sheet);
    append(card, order, state ? h("div", "sheet-state" + (sheet.closed || state === "FULL" ? " full" : ""), state) : null);
    return [card];
  }

  function drawDinners(sheets, at) {
    var nowMs = at.getTime();
    return sheets.filter(function (s) {
      var start = parse(s.starts_at).getTime();
      return s.kind === "dinner" && start > nowMs && start - nowMs <= DINNER_AHEAD_MS;
    }).sort(byStart).map(function (sheet) {
      var left = places(sheet);
      var full = left === "FULL";
      var card = h("article", "sheet dinner" + (full ? " full" : "") + (sheet.closed ? " closed" : ""));
      card.dataset.sheet = sheet.id;
      var head = h("div", "sheet-head");
      append(head, h("span", "sheet-time", when(parse(sheet.starts_at), at)),
        h("span", "sheet-title", sheet.title));
      append(card, head,
        h("div", "sheet-place", "Meet at " + (sheet.meeting_point || sheet.location)),
        sheet.meeting_point && sheet.location ? h("div", "sheet-where", sheet.location) : null,
        h("div", "sheet-state" + (full || sheet.closed ? " full" : ""),
          sheet.closed ? "Closed" : left || sheet.taken + " going"));
      return card;
    });
  }

  function drawSprints(sheets, at) {
    var nowMs = at.getTime();
    return sheets.filter(function (s) {
      return s.kind === "sprint" && parse(s.ends_at).getTime() > nowMs;
    }).sort(byStart).map(function (sheet) {
      var left = places(sheet);
      var full = left === "FULL";
      var card = h("article", "sheet sprint" + (full ? " full" : "") + (sheet.closed ? " closed" : ""));
      card.dataset.sheet = sheet.id;
      var head = h("div", "sheet-head");
      append(head, h("span", "sheet-title", sheet.title),
        h("span", "sheet-where", sheet.location));
      var open = !sheet.closed && !full;
      append(card, head,
        h("div", "sheet-when", parse(sheet.starts_at).getTime() <= nowMs
          ? "Now · until " + hhmm(parse(sheet.ends_at))
          : when(parse(sheet.starts_at), at) + "–" + hhmm(parse(sheet.ends_at))),
        sheet.description ? h("div", "sheet-description", sheet.description) : null,
        h("div", "sheet-state" + (open ? " help" : " full"),
          sheet.closed ? "Closed" : full ? "FULL" :
            "Help wanted" + (left ? " · " + left : " · " + sheet.taken + " joined")));
      return card;
    });
  }

  function drawSheets(panel, data, at) {
    // Cancelled sheets are not on the board at all; closed ones are marked as such.
    var sheets = data.sheets;
    var dinners = drawDinners(sheets, at);
    var sprints = drawSprints(sheets, at);
    var open = dinners.concat(sprints).filter(function (c) {
      return !/\b(full|closed)\b/.test(c.className);
    }).length;
    setNote(panel, open ? open + (open === 1 ? " group has" : " groups have") + " places" : "");
    var columns = h("div", "sheet-columns");
    append(columns,
      column("column-talks", "Lightning talks", drawTalks(sheets, at), "No lightning talks to come."),
      column("column-dinners", "Dinner groups leaving soon", dinners, "No dinner groups leaving soon."),
      column("column-sprints", "Sprint projects", sprints, "No sprint projects now."));
    return [columns];
  }

  // -- announcements: a band above every board ------------------------------------------

  var announcementTimer = null;

  function drawAnnouncements(node, data, at) {
    // In force: posted and not yet over, by this screen's clock; redrawn when one ends.
    var nowMs = at.getTime();
    var shown = data.announcements.filter(function (a) {
      return parse(a.posted_at).getTime() <= nowMs + 5000 &&
        (!a.until || parse(a.until).getTime() > nowMs);
    }).sort(function (a, b) { return parse(b.posted_at) - parse(a.posted_at); });
    var next = null;
    data.announcements.forEach(function (a) {
      [a.until, a.posted_at].forEach(function (iso) {
        var ms = iso ? parse(iso).getTime() : NaN;
        if (ms > nowMs && (next === null || ms < next)) next = ms;
      });
    });
    clearTimeout(announcementTimer);
    if (next !== null) {
      announcementTimer = setTimeout(function () { draw(banner); },
        Math.min(next - nowMs + 200, 24 * 60 * 60 * 1000));
    }
    node.hidden = !shown.length;
    var items = shown.map(function (a) {
      var item = h("li", "announcement");
      item.dataset.announcement = a.id;
      append(item, h("span", "announcement-text", a.text),
        a.until ? h("span", "announcement-until", "until " + when(parse(a.until), at)) : null);
      return item;
    });
    // The board below may have more or less room now.
    setTimeout(function () { panels.forEach(fit); }, 0);
    return items;
  }

  // -- panels -----------------------------------------------------------------------------

  var panels = Array.prototype.map.call(document.querySelectorAll(".panel"), function (node) {
    return {
      node: node,
      board: node.dataset.board,
      kind: kinds[node.dataset.kind],
      body: node.querySelector("[data-role=body]"),
      feed: null,
    };
  });

  // The announcements band: fed like a panel, drawn above all of them.
  var bannerNode = document.getElementById("announcements");
  var banner = bannerNode ? {
    node: bannerNode,
    board: "announcements",
    kind: kinds.announcements,
    body: bannerNode.querySelector("[data-role=body]"),
    feed: null,
  } : null;
  var feedsOf = banner ? panels.concat([banner]) : panels;

  function setNote(panelNode, text) {
    var note = panelNode.querySelector("[data-role=note]");
    if (note) note.textContent = text;
  }

  function draw(panel) {
    if (!panel.feed || panel.feed.data === null) return;
    var at = now();
    var children;
    try {
      children = panel.kind.draw(panel.node, panel.feed.data, at);
    } catch (error) {
      children = [h("p", "empty", "This board could not be drawn: " + error)];
    }
    replaceChildren(panel.body, children);
    fit(panel);
  }

  function drawError(panel, message) {
    replaceChildren(panel.body, [h("p", "empty", message)]);
  }

  function fit(panel) {
    if (!panel.node.classList.contains("active")) return;
    // The grid's type follows the height of its rows (a long day has more of them).
    var grid = panel.body.querySelector(".grid");
    if (grid) {
      var rows = Number(grid.style.getPropertyValue("--times")) || 1;
      var head = grid.querySelector(".room-name");
      var height = (grid.clientHeight - (head ? head.offsetHeight : 0)) / rows;
      grid.style.setProperty("--row", Math.max(40, Math.floor(height)) + "px");
      grid.style.setProperty("--lines", String(height > 260 ? 5 : height > 200 ? 4 : height > 150 ? 3 : 2));
    }
    // Long lists: hide what does not fit on the screen and say how many more there are.
    var list = panel.body.querySelector(".shift-list");
    var more = panel.body.querySelector(".more");
    if (!list || !more) return;
    var items = list.children;
    var hidden = 0;
    for (var i = items.length - 1; i > 0 && panel.body.scrollHeight > panel.body.clientHeight; i--) {
      items[i].hidden = true;
      hidden += 1;
      more.textContent = "+ " + hidden + " more on your phone";
    }
  }

  function drawAll() { feedsOf.forEach(draw); }

  // Bursts of patches (a busy minute, a buffer replayed after a snapshot) draw once.
  var pending = [];
  function drawSoon(panel) {
    if (pending.indexOf(panel) >= 0) return;
    pending.push(panel);
    if (pending.length === 1) {
      setTimeout(function () {
        var due = pending;
        pending = [];
        due.forEach(draw);
      }, 30);
    }
  }

  // -- live feeds ---------------------------------------------------------------------------

  // One board's state: position, data, and the rule for patches (docs/boards.md).
  function Feed(panel, send) {
    this.panel = panel;
    this.board = panel.board;
    this.send = send;
    this.position = 0;
    this.data = null;
    this.waiting = false; // a subscribe is out; patches wait for its snapshot
    this.buffer = [];
    this.timer = null;
  }

  Feed.prototype.subscribe = function () {
    var feed = this;
    feed.waiting = true;
    feed.buffer = [];
    clearTimeout(feed.timer);
    feed.timer = setTimeout(function () { if (feed.waiting) feed.subscribe(); }, SNAPSHOT_TIMEOUT_MS);
    feed.send("subscribe", { board: feed.board });
  };

  Feed.prototype.snapshot = function (message) {
    clearTimeout(this.timer);
    this.waiting = false;
    this.position = message.position;
    this.data = message.data;
    var buffered = this.buffer;
    this.buffer = [];
    for (var i = 0; i < buffered.length && !this.waiting; i++) this.patch(buffered[i]);
    drawSoon(this.panel);
    fresh();
  };

  Feed.prototype.patch = function (message) {
    if (this.waiting) {
      if (this.buffer.length < MAX_BUFFER) this.buffer.push(message);
      else this.subscribe();
      return;
    }
    if (message.position <= this.position) return; // already in what we have
    if (message.previous > this.position) { // we missed one: start again from a snapshot
      this.subscribe();
      return;
    }
    this.data = this.panel.kind.apply(this.data, message);
    this.position = message.position;
    drawSoon(this.panel);
    fresh();
  };

  Feed.prototype.error = function (message) {
    var feed = this;
    clearTimeout(feed.timer);
    feed.waiting = false;
    if (feed.data === null) drawError(feed.panel, message.message || "This board is not available.");
    // Try again later: the board may appear (a room added), or the server may recover.
    feed.timer = setTimeout(function () { feed.subscribe(); }, 60 * 1000);
  };

  // -- connection status ----------------------------------------------------------------

  var status = document.getElementById("status");
  var connected = false;
  var lastFresh = null; // when the boards were last known to be up to date

  function fresh() {
    lastFresh = now();
    if (connected) showStatus("live", "Live");
  }

  function showStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
    document.body.classList.toggle("stale", state === "reconnecting");
  }

  function showReconnecting() {
    showStatus("reconnecting", "Reconnecting… last update " + (lastFresh ? hhmm(lastFresh) : "never"));
  }

  // -- the socket ---------------------------------------------------------------------------

  function connectSocket() {
    var socket = window.io("/boards", {
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      timeout: 10000,
    });
    var send = function (event, payload) { socket.emit(event, payload); };
    feedsOf.forEach(function (panel) { panel.feed = new Feed(panel, send); });
    var feeds = {};
    feedsOf.forEach(function (panel) { feeds[panel.board] = panel.feed; });

    socket.on("connect", function () {
      connected = true;
      showStatus("connecting", "Connecting…");
      feedsOf.forEach(function (panel) { panel.feed.subscribe(); });
      checkVersion();
    });
    socket.on("disconnect", function (reason) {
      if (connected) lastFresh = now();
      connected = false;
      showReconnecting();
      if (reason === "io server disconnect") socket.connect(); // not retried by itself
    });
    socket.on("connect_error", function () {
      connected = false;
      showReconnecting();
    });
    socket.on("board_snapshot", function (message) {
      var feed = feeds[message.board];
      if (feed) feed.snapshot(message);
    });
    socket.on("board_patch", function (message) {
      var feed = feeds[message.board];
      if (feed) feed.patch(message);
    });
    socket.on("board_error", function (message) {
      var feed = feeds[message.board];
      if (feed) feed.error(message);
    });
  }

  // Without socket.io-client (`make assets` not run) the boards still work, a few seconds
  // behind: poll the board snapshots over HTTP.
  function pollBoards() {
    feedsOf.forEach(function (panel) {
      panel.feed = new Feed(panel, function () {});
      fetch(config.board_url + panel.board, { cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (message) {
          connected = true;
          panel.feed.snapshot(message);
          showStatus("polling", "Updating every 10 s");
        })
        .catch(function () {
          connected = false;
          showReconnecting();
        });
    });
    setTimeout(pollBoards, 10 * 1000);
  }

  // -- reloads: new assets, new settings, a new day ---------------------------------------

  var reloading = false;
  var lastReloadTry = 0;

  function safeReload() {
    // Reload only when the page can be had: a reload into an error page would stay there.
    // While it cannot, try again every 30 seconds at most.
    if (reloading || Date.now() - lastReloadTry < 30 * 1000) return;
    reloading = true;
    lastReloadTry = Date.now();
    fetch(window.location.href, { cache: "no-store" })
      .then(function (response) {
        if (response.ok) window.location.reload();
        else reloading = false;
      })
      .catch(function () { reloading = false; });
  }

  function checkVersion() {
    var sent = Date.now();
    fetch(config.version_url, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) return;
        var received = Date.now();
        var serverMs = Date.parse(answer.server_time);
        if (!isNaN(serverMs)) {
          var skew = serverMs - (sent + received) / 2;
          skewMs = Math.abs(skew) > 2000 ? skew : 0; // trust our clock to a couple of seconds
        }
        var conference = answer.conference || {};
        if (answer.asset_version !== config.asset_version ||
            conference.time_zone !== config.conference.time_zone ||
            conference.name !== config.conference.name) {
          safeReload();
        }
      })
      .catch(function () { /* the server is away; the socket shows it */ });
  }

  // -- clock, redraws, rotation -----------------------------------------------------------

  var clock = document.getElementById("clock");
  var clockDate = document.getElementById("clock-date");

  function tick() {
    var at = now();
    clock.textContent = hhmm(at);
    clockDate.textContent = longDayFormat.format(at);
    if (connected && lastFresh) lastFresh = at;
    if (!config.day_fixed && dayKey(at) !== config.today) safeReload();
  }

  function rotate() {
    var dots = document.querySelectorAll(".rotation-dots .dot");
    var index = 0;
    setInterval(function () {
      panels[index].node.classList.remove("active");
      if (dots[index]) dots[index].classList.remove("active");
      index = (index + 1) % panels.length;
      panels[index].node.classList.add("active");
      if (dots[index]) dots[index].classList.add("active");
      draw(panels[index]);
    }, Math.max(3, config.interval || 20) * 1000);
  }

  // For a look from the browser's console (and the browser tests): the feeds' state.
  window.kiosk = {
    feeds: function () {
      var found = {};
      feedsOf.forEach(function (panel) { if (panel.feed) found[panel.board] = panel.feed; });
      return found;
    },
    checkVersion: checkVersion,
  };

  tick();
  setInterval(tick, 1000);
  setInterval(drawAll, REDRAW_MS);
  setInterval(checkVersion, VERSION_POLL_MS);
  window.addEventListener("resize", drawAll);
  if (panels.length > 1) rotate();
  if (typeof window.io === "function") {
    connectSocket();
  } else {
    pollBoards();
  }
})();
