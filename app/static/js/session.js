// The learning session (docs/pages.md §3): working tabs, leaves that open their lesson and quiz
// without a reload, and answers checked by the API with the verdict, the kind feedback and the
// new standing of the node and its branches shown at once. Without JavaScript every tab is a
// section of the page, every leaf a link and every answer a form that posts.
import { errorText, getJSON, postJSON } from "./http.js";

const session = document.getElementById("session");
const tabs = [...document.querySelectorAll(".tab[data-tab]")];
const panels = [...document.querySelectorAll(".tab-panel[data-panel]")];
const labels = session.dataset;

// Tabs (WAI-ARIA tabs pattern) -------------------------------------------------------------
// Without JavaScript the row is a navigation of links to sections. With it, the row becomes a
// tablist: one tab in the Tab order (roving tabindex), arrow keys, Home and End move between tabs
// and show their panel at once; every panel is labelled by its tab.
const tablist = document.querySelector(".tabs");

function showTab(name, { focus = false } = {}) {
  const known = panels.some((panel) => panel.dataset.panel === name);
  const active = known ? name : "cours";
  for (const tab of tabs) {
    const on = tab.dataset.tab === active;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    tab.classList.toggle("tab-active", on);
    if (on && focus) tab.focus();
  }
  for (const panel of panels) panel.hidden = panel.dataset.panel !== active;
}

function selectTab(tab, { focus = false } = {}) {
  history.replaceState(history.state, "", `#${tab.dataset.tab}`);
  showTab(tab.dataset.tab, { focus });
}

session.classList.add("js-tabs");
tablist.setAttribute("role", "tablist");
for (const tab of tabs) {
  const panel = document.getElementById(tab.dataset.tab);
  tab.setAttribute("role", "tab");
  tab.setAttribute("aria-controls", panel.id);
  panel.setAttribute("role", "tabpanel");
  panel.setAttribute("aria-labelledby", tab.id);
  panel.removeAttribute("aria-label");
  panel.tabIndex = 0;
  tab.addEventListener("click", (event) => {
    event.preventDefault();
    selectTab(tab);
  });
}
tablist.addEventListener("keydown", (event) => {
  const current = tabs.indexOf(event.target.closest(".tab[data-tab]"));
  if (current < 0) return;
  const last = tabs.length - 1;
  const next = {
    ArrowRight: current === last ? 0 : current + 1,
    ArrowLeft: current === 0 ? last : current - 1,
    Home: 0,
    End: last,
  }[event.key];
  if (event.key === " ") {
    event.preventDefault();
    selectTab(tabs[current]);
  } else if (next !== undefined) {
    event.preventDefault();
    selectTab(tabs[next], { focus: true });
  }
});
const fromHash = location.hash.slice(1);
showTab(panels.some((p) => p.dataset.panel === fromHash) ? fromHash : session.dataset.initialTab);

// Standing --------------------------------------------------------------------------------
function paintStanding(element, standing) {
  if (!element) return;
  element.className = element.className.replace(/\bstanding-t\d-s\d\b/g, "").trim();
  element.classList.add(standing.css_class);
  const badge = element.matches("[data-standing]") ? element : element.querySelector("[data-standing]");
  if (!badge) return;
  badge.className = `standing ${standing.css_class}`;
  badge.querySelector(".standing-tier-emoji").textContent = standing.tier_emoji;
  badge.querySelector(".standing-tier-name").textContent = standing.tier_name;
  badge.querySelector(".standing-step-emoji").textContent = standing.emoji;
  badge.querySelector(".standing-step-name").textContent = labels.levelLabel.replace("%s", standing.step);
}

// Says a change of standing aloud (screen readers read the page's one polite live region).
function announce(text) {
  const region = document.getElementById("announcer");
  if (!region || !text) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

function updateScore(score) {
  const line = document.getElementById("score");
  line.textContent = labels.scoreLabel.replace("%c", score.correct).replace("%i", score.incorrect);
}

// Answers ---------------------------------------------------------------------------------
function showFeedback(item, feedback) {
  const area = item.querySelector(".answer-feedback");
  area.replaceChildren();
  const line = document.createElement("p");
  line.className = `verdict verdict-${feedback.verdict}`;
  line.textContent = feedback.message;
  area.append(line);
  if (feedback.explanation_html) {
    const more = document.createElement("div");
    more.className = "explanation";
    more.innerHTML = feedback.explanation_html; // sanitised on the server (nh3)
    area.append(more);
  }
}

// What the form gives: the index of the option picked, the indexes ticked, or the text typed.
function givenAnswer(form) {
  const ticked = [...form.querySelectorAll("input[type=checkbox]:checked")].map((box) => Number(box.value));
  if (form.dataset.kind === "multiple") return ticked.length ? { choices: ticked } : null;
  const picked = form.querySelector("input[type=radio]:checked");
  if (picked) return { choice: Number(picked.value) };
  const text = form.querySelector("input[type=text]")?.value.trim();
  return text ? { answer: text } : null;
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest(".answer-form");
  if (!form) return;
  event.preventDefault();
  const item = form.closest(".question");
  const given = givenAnswer(form);
  if (!given) {
    const picked = form.querySelector("input[type=radio], input[type=checkbox]");
    showFeedback(item, { verdict: "incorrect", message: picked ? labels.emptyChoice : labels.emptyAnswer });
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await postJSON(session.dataset.attemptsUrl, {
      question_id: Number(form.dataset.questionId),
      ...given,
    });
    showFeedback(item, result.feedback);
    item.dataset.verdict = result.feedback.verdict;
    const wrong = item.querySelector(".explain-form input[name=answer]");
    if (wrong) wrong.value = result.feedback.verdict === "incorrect" ? result.attempt.answer : "";
    for (const { topic_id: id, standing } of result.standings) {
      paintStanding(document.getElementById(`node-${id}`), standing);
      if (id === result.topic_id) {
        paintStanding(document.getElementById("lesson-standing"), standing);
        announce(labels.standingNow.replace("%t", standing.tier_name).replace("%s", standing.step));
      }
    }
    updateScore(result.score);
  } catch (error) {
    showFeedback(item, { verdict: "incorrect", message: errorText(error) });
  } finally {
    button.disabled = false;
  }
});

// "Explique-moi autrement" --------------------------------------------------------------------
// The form posts to the page route without JavaScript; here it asks the API and shows the
// explanation (sanitised HTML from the server) under the question, or the reason it could not.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest(".explain-form");
  if (!form) return;
  event.preventDefault();
  const area = form.closest(".question").querySelector(".explain-area");
  const button = form.querySelector("button[type=submit]");
  const answer = form.querySelector("input[name=answer]").value;
  button.disabled = true;
  area.setAttribute("aria-busy", "true");
  const waiting = document.createElement("p");
  waiting.className = "muted";
  waiting.textContent = labels.explainWaiting;
  area.replaceChildren(waiting);
  try {
    const url = labels.explanationUrl.replace("/0/", `/${form.dataset.questionId}/`);
    const result = await postJSON(url, answer ? { answer } : {});
    const box = document.createElement("div");
    box.className = "explanation explanation-written";
    box.lang = labels.courseLanguage;
    box.innerHTML = result.explanation_html; // the model's Markdown, sanitised on the server
    area.replaceChildren(box);
  } catch (error) {
    const line = document.createElement("p");
    line.className = "verdict verdict-incorrect";
    line.textContent = errorText(error);
    area.replaceChildren(line);
  } finally {
    area.removeAttribute("aria-busy");
    button.disabled = false;
  }
});

// Opening a leaf --------------------------------------------------------------------------
function questionItem(question) {
  const template = document.getElementById("question-template").content.firstElementChild.cloneNode(true);
  template.id = `question-${question.id}`;
  template.querySelector(".question-prompt").innerHTML = question.prompt_html; // sanitised Markdown
  const form = template.querySelector("form.answer-form");
  form.dataset.questionId = question.id;
  const explain = template.querySelector(".explain-form");
  if (explain) {
    explain.dataset.questionId = question.id;
    explain.action = explain.action.replace("/0/", `/${question.id}/`);
  }
  form.dataset.kind = question.kind;
  form.action = labels.submitUrl.replace("/0/", `/${question.id}/`);
  const slot = form.querySelector(".answer-slot");
  const name = `q${question.id}-answer`;
  if (question.options.length) {
    const multiple = question.kind === "multiple";
    const fieldset = document.createElement("fieldset");
    fieldset.className = question.kind === "truefalse" ? "choices choices-inline" : "choices";
    for (const option of question.options) {
      const label = document.createElement("label");
      label.className = "choice";
      const input = Object.assign(document.createElement("input"), {
        type: multiple ? "checkbox" : "radio",
        name: `q${question.id}-${multiple ? "choices" : "choice"}`,
        value: String(option.index),
        required: !multiple,
      });
      const span = document.createElement("span");
      span.textContent = option.text;
      label.append(input, " ", span);
      fieldset.append(label);
    }
    slot.replaceWith(fieldset);
  } else {
    const input = Object.assign(document.createElement("input"), {
      type: "text", name, id: name, required: true, maxLength: 500, autocomplete: "off",
      placeholder: labels.answerLabel,
    });
    if (question.kind === "numeric") input.inputMode = "decimal";
    input.setAttribute("aria-label", labels.answerLabel);
    slot.replaceWith(input);
  }
  return template;
}

function cloneTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

// The leaf in the order the server chose for the learner's style (app/services/learning_styles.py),
// the same order the page has when the server renders it.
function leafParts(quiz) {
  const { layout } = quiz;
  const lesson = cloneTemplate("lesson-template");
  lesson.dataset.layout = layout.order;
  lesson.querySelector(".lesson-title").textContent = quiz.topic.title;
  paintStanding(lesson.querySelector("[data-standing]"), quiz.standing);
  const figures = lesson.querySelector(".lesson-figures");
  const text = lesson.querySelector(".lesson-text");
  text.innerHTML = layout.lesson_html; // sanitised on the server
  if (layout.figures_html.length) {
    for (const html of layout.figures_html) {
      const figure = document.createElement("figure");
      figure.className = "lesson-figure";
      figure.innerHTML = html; // one sanitised <img>
      figures.append(figure);
    }
  } else {
    figures.remove();
  }
  if (!quiz.questions.length) return [lesson];
  const section = cloneTemplate("quiz-template");
  section.querySelector(".quiz-title").textContent = labels.quizTitle.replace("%s", quiz.topic.title);
  section.querySelector(".quiz-tier").textContent = labels.quizTier.replace("%s", quiz.standing.tier_name);
  section.querySelector(".questions").append(...quiz.questions.map(questionItem));
  if (layout.order !== "practice-first") return [lesson, section];
  const disclosure = cloneTemplate("lesson-disclosure-template");
  text.replaceWith(disclosure);
  disclosure.append(text);
  return [cloneTemplate("practice-note-template"), section, lesson];
}

async function openLeaf(link) {
  const area = document.getElementById("lesson");
  area.setAttribute("aria-busy", "true");
  try {
    const quiz = await getJSON(labels.quizUrl.replace("/0/", `/${link.dataset.topicId}/`));
    area.replaceChildren(...leafParts(quiz));
    addListenButtons(area);
    for (const current of document.querySelectorAll(".node-current")) {
      current.classList.remove("node-current");
      current.removeAttribute("aria-current");
    }
    link.classList.add("node-current");
    link.setAttribute("aria-current", "true");
    history.pushState({ topic: link.dataset.topicId }, "", link.href);
    area.querySelector("input:not([type=hidden])")?.focus({ preventScroll: true });
    area.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) {
    window.location.assign(link.href); // let the server render it
  } finally {
    area.removeAttribute("aria-busy");
  }
}

document.getElementById("course-tree").addEventListener("click", (event) => {
  const link = event.target.closest("a.node[data-topic-id]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  openLeaf(link);
});

window.addEventListener("popstate", () => window.location.reload());

// Branches loaded when opened ---------------------------------------------------------------
// A large course comes with some branches closed and without their children (data-children-of):
// each holds a link to the page with that branch open, which is all there is without JavaScript.
// Opening one here reads its children from the API (GET .../topics/<id>/children) and puts them
// in the link's place, in the server's markup; the focus stays on the branch (or, when the link
// itself was followed, moves to the first child).
const courseTree = document.getElementById("course-tree");
const treeData = courseTree.dataset;

function moreItem(node) {
  const item = cloneTemplate("tree-more-template");
  const link = item.querySelector("a");
  link.textContent = link.textContent.replace("%s", node.title);
  link.href = treeData.openUrl.replace(/open=0#node-0$/, `open=${node.id}#node-${node.id}`);
  return item;
}

function treeItem(node) {
  if (node.is_leaf) {
    const item = cloneTemplate("tree-leaf-template");
    const link = item.querySelector("a.node");
    link.id = `node-${node.id}`;
    link.dataset.topicId = node.id;
    link.href = `${treeData.topicUrl.replace(/\/0$/, `/${encodeURIComponent(node.slug)}`)}#lesson`;
    link.querySelector(".node-name").textContent = node.title;
    if (!node.has_quiz) for (const mark of link.querySelectorAll("[data-quiz]")) mark.remove();
    paintStanding(link, node.standing);
    return item;
  }
  const item = cloneTemplate("tree-branch-template");
  const summary = item.querySelector("summary");
  summary.id = `node-${node.id}`;
  summary.dataset.topicId = node.id;
  summary.querySelector(".node-title").textContent = node.title;
  paintStanding(summary, node.standing);
  const list = item.querySelector("ul.tree");
  if (node.children_included) {
    list.append(...node.children.map(treeItem));
  } else {
    item.querySelector("details").dataset.childrenOf = node.id;
    list.append(moreItem(node));
  }
  return item;
}

async function loadBranch(details, { focusFirst = false } = {}) {
  if (details.dataset.loading) return;
  details.dataset.loading = "true";
  const list = details.querySelector(":scope > ul.tree");
  const link = list.querySelector(".tree-more-link");
  const label = link?.textContent;
  if (link) link.textContent = treeData.loadingLabel;
  list.setAttribute("aria-busy", "true");
  try {
    const url = treeData.childrenUrl.replace(/\/0\/children$/, `/${details.dataset.childrenOf}/children`);
    const { children } = await getJSON(url);
    list.replaceChildren(...children.map(treeItem));
    delete details.dataset.childrenOf;
    if (focusFirst) list.querySelector(".node")?.focus();
  } catch {
    if (link) link.textContent = label; // the link still opens the branch by a page load
    announce(treeData.loadingFailed);
  } finally {
    delete details.dataset.loading;
    list.removeAttribute("aria-busy");
  }
}

// `toggle` does not bubble: listen in the capture phase for every branch, loaded later ones too.
courseTree.addEventListener(
  "toggle",
  (event) => {
    const details = event.target;
    if (details.open && details.dataset.childrenOf) loadBranch(details);
  },
  true,
);
courseTree.addEventListener("click", (event) => {
  const link = event.target.closest(".tree-more-link");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const details = link.closest("details[data-children-of]");
  if (!details) return;
  event.preventDefault();
  loadBranch(details, { focusFirst: true });
});

// Reading aloud (auditory learners) ---------------------------------------------------------
// The server marks what can be read ([data-speak]: the lesson, each question) and, for a learner
// whose style is auditory, sets data-read-aloud. The "Écouter" buttons exist only where the
// browser has speech synthesis: without it (or without JavaScript) nothing is shown. Each part is
// read in its own language (the nearest lang attribute: the course's for its lesson and
// questions, the page's for the feedback) with a voice of the device (localService), so no text
// leaves the browser. A pressed button (aria-pressed="true") stops the reading, and so does Escape.
const speech = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
let speaking = null; // the button of the reading in progress

function localVoice(lang) {
  const voices = speech.getVoices().filter((voice) => voice.localService);
  const base = lang.toLowerCase().split("-")[0];
  return (
    voices.find((voice) => voice.lang.toLowerCase() === lang.toLowerCase()) ||
    voices.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === base) ||
    null
  );
}

// The pieces of a part to read, each with its language: the lesson's text, or a question's
// prompt, options and feedback.
function piecesToRead(target) {
  const selector = ".lesson-text, .question-prompt, .choice span, .answer-feedback, .explain-area";
  const pieces = [];
  for (const element of target.querySelectorAll(selector)) {
    const text = element.textContent.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const lang = element.closest("[lang]")?.lang || labels.courseLanguage;
    pieces.push({ text, lang });
  }
  return pieces;
}

function stopReading() {
  if (!speaking) return;
  const button = speaking;
  speaking = null;
  button.setAttribute("aria-pressed", "false");
  speech.cancel();
}

function readAloud(button, target) {
  const wasMine = speaking === button;
  stopReading();
  if (wasMine) return;
  const pieces = piecesToRead(target);
  if (!pieces.length) return;
  speaking = button;
  button.setAttribute("aria-pressed", "true");
  pieces.forEach(({ text, lang }, index) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voice = localVoice(lang);
    if (voice) utterance.voice = voice;
    if (index === pieces.length - 1) {
      const done = () => {
        if (speaking === button) {
          speaking = null;
          button.setAttribute("aria-pressed", "false");
        }
      };
      utterance.addEventListener("end", done);
      utterance.addEventListener("error", done);
    }
    speech.speak(utterance);
  });
}

function addListenButtons(root) {
  if (!speech || session.dataset.readAloud !== "true") return;
  for (const target of root.querySelectorAll("[data-speak]")) {
    if (target.querySelector(":scope > .listen-button, :scope > h3 > .listen-button")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small button-secondary listen-button";
    button.setAttribute("aria-pressed", "false");
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "🔊 ";
    const what = document.createElement("span");
    what.className = "visually-hidden";
    what.textContent = ` ${target.dataset.speakWhat || ""}`;
    button.append(icon, labels.listenLabel, what);
    button.addEventListener("click", () => readAloud(button, target));
    const heading = target.querySelector(":scope > h3");
    if (heading) heading.after(button);
    else target.querySelector(".question-prompt")?.after(button);
  }
}

if (speech) {
  speech.getVoices(); // some browsers load their voices on the first call
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && speaking) stopReading();
  });
  window.addEventListener("pagehide", () => speech.cancel());
}
addListenButtons(document);
