/* Coordinator on phones: the API with retries and idempotency keys, a connection
   banner, and live boards. Pages work without this script (plain forms); with it,
   forms marked data-api="METHOD /api/v1/PATH" are sent through the API instead. */
(function () {
  "use strict";

  const meta = (name) => {
    const tag = document.querySelector(`meta[name="${name}"]`);
    return tag ? tag.getAttribute("content") : null;
  };
  const banner = () => document.getElementById("connection");

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /* Send one command. The same Idempotency-Key goes with every retry, so a request
     that reached the server before the Wi-Fi dropped its answer takes effect once. */
  async function api(method, path, body, options = {}) {
    const key = options.key || newKey();
    const headers = { "Content-Type": "application/json", "Idempotency-Key": key };
    const token = meta("person-token");
    if (token) headers.Authorization = `Bearer ${token}`;
    const deadline = Date.now() + (options.patienceMs || 120000);
    let wait = 500;
    for (;;) {
      try {
        const response = await fetch(path, {
          method, headers, body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "same-origin",
        });
        if (response.status === 503 && Date.now() < deadline) throw new Error("unavailable");
        const data = await response.json().catch(() => ({}));
        setOffline(false);
        return { status: response.status, ok: response.ok, data };
      } catch (error) {
        if (Date.now() >= deadline) {
          setOffline(false);
          return { status: 0, ok: false, data: { error: { code: "offline",
            message: "No connection. Nothing was changed; please try again." } } };
        }
        setOffline(true);
        await sleep(wait + Math.random() * wait);
        wait = Math.min(wait * 2, 8000);
      }
    }
  }

  function setOffline(offline) {
    const element = banner();
    if (element) element.hidden = !offline;
  }

  function notice(text, kind) {
    const element = document.getElementById("notice");
    if (!element) return;
    element.textContent = text;
    element.className = `flash ${kind || "ok"}`;
    element.hidden = false;
  }

  function errorText(result) {
    const error = result.data && result.data.error;
    return (error && error.message) || "Something went wrong; please try again.";
  }

  /* Live boards: snapshot on every (re)connect, patches in order, a fresh snapshot
     when one was missed (see docs/boards.md). One connection per page carries every
     board the page follows (the strip of announcements and the page's own board). */
  let socket = null;
  const followed = new Map(); // board -> { position, handlers: [...] }

  function connection() {
    if (socket || !window.io) return socket;
    socket = window.io("/boards", { transports: ["websocket", "polling"] });
    const subscribe = (board) => socket.emit("subscribe", { board });
    socket.on("connect", () => { setOffline(false); followed.forEach((_, board) => subscribe(board)); });
    socket.on("disconnect", () => setOffline(true));
    socket.on("board_snapshot", (message) => {
      const board = followed.get(message.board);
      if (!board) return;
      board.position = message.position;
      board.handlers.forEach((h) => h.snapshot(message.data, message.position));
    });
    socket.on("board_patch", (message) => {
      const board = followed.get(message.board);
      if (!board || board.position < 0 || message.position <= board.position) return;
      if (message.previous > board.position) { board.position = -1; subscribe(message.board); return; }
      board.position = message.position;
      board.handlers.forEach((h) => h.patch(message, message.position));
    });
    return socket;
  }

  function live(board, handlers) {
    const shared = connection();
    if (!shared) return null;
    const known = followed.get(board);
    if (known) known.handlers.push(handlers);
    else followed.set(board, { position: -1, handlers: [handlers] });
    if (shared.connected) shared.emit("subscribe", { board });
    return shared;
  }

  /* Forms with data-api go through the API; the page's own key makes retries safe. */
  function enhanceForms(root) {
    root.querySelectorAll("form[data-api]").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const [method, path] = form.dataset.api.split(" ");
        const body = {};
        new FormData(form).forEach((value, name) => {
          if (name !== "csrf_token" && name !== "idempotency_key" && name !== "next" &&
              value !== "") body[name] = value;
        });
        const keyField = form.querySelector("input[name=idempotency_key]");
        const buttons = form.querySelectorAll("button");
        buttons.forEach((b) => { b.disabled = true; });
        const result = await api(method, path, Object.keys(body).length ? body : undefined,
          { key: keyField ? keyField.value : undefined });
        buttons.forEach((b) => { b.disabled = false; });
        if (keyField) keyField.value = newKey();
        const detail = { form, result };
        if (result.ok) {
          notice(form.dataset.done || "Done.", "ok");
          form.dispatchEvent(new CustomEvent("api:done", { bubbles: true, detail }));
        } else {
          notice(errorText(result), "error");
          form.dispatchEvent(new CustomEvent("api:refused", { bubbles: true, detail }));
        }
      });
    });
  }

  window.Coordinator = { api, live, notice, errorText, newKey, enhanceForms };
  document.addEventListener("DOMContentLoaded", () => enhanceForms(document));
})();
