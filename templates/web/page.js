// The editors' page of `briefing serve`: live preview, errors next to their fields, the handout.
// Plain JavaScript, no build step; everything it calls is served by the same server.
"use strict";

(function () {
  const form = document.getElementById("edit-form");
  if (!form) return;
  const frame = document.getElementById("preview");
  const state = document.getElementById("preview-state");
  const delay = Number(document.body.dataset.previewDelay || 700);
  const HANDOUT = "briefing-mappe";
  let timer = null;
  let running = null;

  function showError(error) {
    document.querySelectorAll("[data-error-for]").forEach((el) => { el.hidden = true; el.textContent = ""; });
    document.querySelectorAll(".field.invalid").forEach((el) => el.classList.remove("invalid"));
    const global = document.getElementById("error");
    global.hidden = !error;
    global.textContent = error ? error.error : "";
    if (!error || !error.field) return;
    const slot = document.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (slot) {
      slot.hidden = false;
      slot.textContent = error.error.split(": ").slice(2).join(": ") || error.error;
      if (slot.parentElement.classList.contains("field")) slot.parentElement.classList.add("invalid");
    }
  }

  async function post(url, extra) {
    const data = new FormData(form);
    for (const [key, value] of Object.entries(extra || {})) data.set(key, value);
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" });
  }

  async function preview() {
    if (running) running.abort = true;
    const mine = { abort: false };
    running = mine;
    state.textContent = "Vorschau wird erstellt …";
    const response = await post("/preview");
    if (mine.abort) return;
    if (response.ok) {
      frame.srcdoc = await response.text();
      state.textContent = "Vorschau aktuell.";
      showError(null);
    } else {
      const error = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      state.textContent = response.status === 503 ? "Server ausgelastet, neuer Versuch folgt." : "Die Vorschau zeigt den letzten gültigen Stand.";
      showError(error);
      if (response.status === 503) schedule();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, delay);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type === "checkbox") box.closest(".item").classList.toggle("off", !box.checked);
    schedule();
  });

  // Handout: the edited documents are kept in this browser tab only (sessionStorage), never on the server.
  const count = document.getElementById("handout-count");
  const pdfButton = document.getElementById("handout-pdf");
  function stored() { return JSON.parse(sessionStorage.getItem(HANDOUT) || "[]"); }
  function refresh() { const n = stored().length; count.textContent = String(n); pdfButton.disabled = n === 0; }

  document.getElementById("handout-add").addEventListener("click", async () => {
    const response = await post("/download", { target: "json" });
    if (!response.ok) { showError(await response.json().catch(() => null)); return; }
    const docs = stored();
    docs.push(await response.text());
    sessionStorage.setItem(HANDOUT, JSON.stringify(docs));
    refresh();
  });
  document.getElementById("handout-clear").addEventListener("click", () => { sessionStorage.removeItem(HANDOUT); refresh(); });
  pdfButton.addEventListener("click", async () => {
    const data = new FormData();
    stored().forEach((doc, i) => data.append("file", new Blob([doc], { type: "application/json" }), `artikel-${i + 1}.json`));
    const response = await fetch("/api/render", { method: "POST", body: data, credentials: "same-origin" });
    if (!response.ok) { showError(await response.json().catch(() => null)); return; }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "briefing-mappe.pdf";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  refresh();
  preview();
})();
