/* The announcements strip on the phone pages, live: it follows the "announcements"
   board and shows those in force by this phone's clock (the board lists each with
   posted_at and until). Text is only ever set with textContent. */
(function () {
  "use strict";

  const items = new Map(); // id -> announcement, as the board has it

  function inForce(item, now) {
    return Date.parse(item.posted_at) <= now && (!item.until || now < Date.parse(item.until));
  }

  function draw(strip) {
    const list = strip.querySelector("ul");
    const now = Date.now();
    const shown = [...items.values()].filter((item) => inForce(item, now))
      .sort((a, b) => (a.posted_at < b.posted_at ? 1 : a.posted_at > b.posted_at ? -1 : 0));
    list.replaceChildren(...shown.map((item) => {
      const line = document.createElement("li");
      line.dataset.announcement = item.id;
      line.textContent = item.text;
      return line;
    }));
    strip.hidden = shown.length === 0;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const strip = document.querySelector("[data-announcements]");
    if (!strip || !window.Coordinator) return;
    strip.querySelectorAll("[data-announcement]").forEach((line) => {
      items.set(line.dataset.announcement, {
        id: line.dataset.announcement, text: line.textContent,
        posted_at: line.dataset.postedAt, until: line.dataset.until || null,
      });
    });
    window.Coordinator.live("announcements", {
      snapshot(data) {
        items.clear();
        data.announcements.forEach((item) => items.set(item.id, item));
        strip.dataset.live = "yes";
        draw(strip);
      },
      patch(message) {
        if (message.announcement) items.set(message.announcement.id, message.announcement);
        if (message.removed) items.delete(message.removed);
        draw(strip);
      },
    });
    // One that ends (or starts) goes (or comes) without a board change.
    setInterval(() => draw(strip), 30000);
  });
})();
