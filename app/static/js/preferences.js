// The preferences page: save with fetch (PUT /api/v1/preferences) and confirm inline, then lead
// on to the courses. Without JavaScript the form posts and the server redirects.
import { errorText, putJSON } from "./http.js";

const form = document.getElementById("preferences-form");
const feedback = document.getElementById("preferences-feedback");

function checked(name) {
  return form.querySelector(`input[name="${name}"]:checked`)?.value;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await putJSON(form.dataset.api, {
      communication_style: checked("communication_style"),
      learning_pace: checked("learning_pace"),
      learning_style: checked("learning_style"),
      custom_preferences: form.elements.custom_preferences.value,
    });
    feedback.textContent = form.dataset.saved;
    feedback.className = "feedback feedback-ok";
    setTimeout(() => { window.location.assign(form.dataset.next); }, 1500);
  } catch (error) {
    feedback.textContent = errorText(error);
    feedback.className = "feedback feedback-error";
    button.disabled = false;
  }
});
