// The job page of a course generation (studio/generation.html): follows the job through
// GET /api/v1/generations/<id> every two seconds — status, steps, current step, tokens, time —
// and reloads the page once the job is over, so the server words the outcome (the draft's link or
// what went wrong). "Annuler" sends DELETE instead of posting the form. Without this script the
// page refreshes itself (a <noscript> meta refresh) and the form posts.
import { deleteJSON, errorText, getJSON } from "./http.js";

const POLL_MS = 2000;
const FINISHED = new Set(["done", "failed", "cancelled"]);

const card = document.querySelector("[data-generation]");

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60);
  if (!minutes) return card.dataset.labelSeconds.replace("{s}", rest);
  return card.dataset.labelMinutes.replace("{m}", String(minutes)).replace("{s}", rest.padStart(2, "0"));
}

function show(job) {
  const field = (name) => card.querySelector(`[data-field="${name}"]`);
  const label = card.dataset[`label${job.status[0].toUpperCase()}${job.status.slice(1)}`] ?? job.status;
  field("status").textContent = label;
  const { steps_done: done, steps_total: total, current_step: step } = job.progress;
  field("steps").textContent = `${done} / ${total || "?"}`;
  const bar = field("progress");
  bar.max = total || 1;
  bar.value = total ? done : 0;
  field("current_step").textContent = step || "—";
  field("tokens").textContent = String(job.tokens.total);
  field("duration").textContent = duration(job.duration_seconds);
}

async function poll() {
  try {
    const job = await getJSON(card.dataset.generation);
    show(job);
    if (FINISHED.has(job.status)) {
      window.location.reload();
      return;
    }
  } catch {
    // A network hiccup: try again at the next tick; the page still shows the last known state.
  }
  window.setTimeout(poll, POLL_MS);
}

function enhanceCancel() {
  const form = card.querySelector("form[data-cancel]");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      show(await deleteJSON(card.dataset.generation));
    } catch (error) {
      button.disabled = false;
      showError(form, errorText(error));
    }
  });
}

function showError(form, text) {
  let note = form.querySelector(".field-errors");
  if (!note) {
    note = document.createElement("p");
    note.className = "field-errors";
    note.setAttribute("role", "alert");
    form.append(note);
  }
  note.textContent = text;
}

if (card && !FINISHED.has(card.dataset.status)) {
  card.querySelector("[data-refresh]")?.setAttribute("hidden", "");
  enhanceCancel();
  window.setTimeout(poll, POLL_MS);
}
