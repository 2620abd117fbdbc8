// The authoring studio's pages, enhanced. Without JavaScript every form posts and the server
// answers with the page (preview, trial verdict, errors beside the fields); with it:
// * the lesson preview follows the Markdown as it is typed (POST /studio/preview, the learners' renderer);
// * the question form shows only the fields of the chosen kind and lists the options to tick as
//   they are typed;
// * "Essayer cette réponse" asks the real grader without reloading the page.
import { errorText, postJSON, submitForm } from "./http.js";

function lessonPreview() {
  const form = document.querySelector("form.lesson-editor");
  if (!form) return;
  const source = form.elements.lesson;
  const target = form.querySelector("[data-preview]");
  form.querySelector("[data-preview-button]").hidden = true;
  let timer = null;
  let sent = 0;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++sent;
      try {
        const { html } = await postJSON(form.dataset.previewUrl, { markdown: source.value });
        if (ticket === sent) target.innerHTML = html; // sanitised by the server, as learners get it
      } catch (error) {
        target.textContent = errorText(error);
      }
    }, 250);
  };
  source.addEventListener("input", refresh);
  if (source.value !== source.defaultValue) refresh(); // typed before this script ran
}

function questionEditor() {
  const form = document.querySelector("form.question-editor");
  if (!form) return;
  const kind = form.elements.kind;
  const options = form.elements.choices;
  const list = form.querySelector("[data-right-list]");

  function picked() {
    const inputs = list.querySelectorAll("input:checked");
    return new Set([...inputs].map((input) => input.value));
  }

  function rebuildOptions() {
    const chosen = picked();
    const lines = options.value.split("\n").map((line) => line.trim()).filter(Boolean);
    const multiple = kind.value === "multiple";
    list.replaceChildren(
      ...lines.map((text, index) => {
        const number = String(index + 1);
        const label = document.createElement("label");
        label.className = "field-check";
        const input = document.createElement("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = multiple ? "right_choices" : "right_choice";
        input.value = number;
        input.checked = chosen.has(number);
        label.append(input, ` ${text}`);
        return label;
      }),
    );
  }

  function showKind() {
    for (const fieldset of form.querySelectorAll("[data-kinds]")) {
      fieldset.hidden = !fieldset.dataset.kinds.split(" ").includes(kind.value);
    }
    rebuildOptions();
  }

  kind.addEventListener("change", showKind);
  options.addEventListener("input", rebuildOptions);
  showKind();
}

function tryAnswers() {
  const form = document.querySelector("form[data-try]");
  if (!form) return;
  const feedback = document.querySelector("[data-try-feedback]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const result = await submitForm(form);
      const verdict = document.createElement("p");
      verdict.className = `verdict verdict-${result.verdict}`;
      verdict.textContent = `${result.verdict_label} — ${result.message}`;
      feedback.replaceChildren(verdict);
      if (result.explanation_html) {
        const explanation = document.createElement("div");
        explanation.className = "explanation";
        explanation.innerHTML = result.explanation_html; // sanitised Markdown from the server
        feedback.append(explanation);
      }
    } catch (error) {
      feedback.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
  });
}

lessonPreview();
questionEditor();
tryAnswers();
