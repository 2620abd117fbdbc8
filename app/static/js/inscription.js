// The inscription page: toggle between the register and login forms without a reload, and
// submit both with fetch, showing the result in the feedback line (as in the original mock-up).
// A refusal marks every field at fault with its messages beside it, as the page does without
// JavaScript, and moves the focus to the first of them.
import { errorText, submitForm } from "./http.js";

const card = document.getElementById("auth-card");
const title = document.getElementById("auth-title");
const registerForm = document.getElementById("register-form");
const loginForm = document.getElementById("login-form");
const toLogin = document.getElementById("to-login");
const toRegister = document.getElementById("to-register");
const feedback = document.getElementById("feedback");

function show(mode, { push = true } = {}) {
  const login = mode === "login";
  card.dataset.mode = mode;
  registerForm.hidden = login;
  loginForm.hidden = !login;
  toLogin.hidden = login;
  toRegister.hidden = !login;
  title.textContent = login ? title.dataset.login : title.dataset.register;
  if (push) history.pushState({ mode }, "", login ? toLogin.href : toRegister.href);
  (login ? loginForm : registerForm).querySelector("input:not([type=hidden])")?.focus();
}

function say(text, ok) {
  feedback.textContent = text;
  feedback.classList.toggle("feedback-ok", ok);
  feedback.classList.toggle("feedback-error", !ok);
}

toLogin.addEventListener("click", (event) => { event.preventDefault(); say("", true); show("login"); });
toRegister.addEventListener("click", (event) => { event.preventDefault(); say("", true); show("register"); });
// The page's own history entry remembers the form it was opened on, so Back returns to it.
const openedOn = card.dataset.mode;
history.replaceState({ mode: openedOn }, "");
window.addEventListener("popstate", (event) => show(event.state?.mode ?? openedOn, { push: false }));

// The input a field error of the JSON envelope names: "email" is `register-email` in the form.
function inputFor(form, name) {
  const prefix = form === registerForm ? "register-" : "login-";
  return form.querySelector(`[name="${prefix}${name}"]`) ?? form.querySelector(`[name="${name}"]`);
}

function clearFieldErrors(form) {
  for (const list of form.querySelectorAll(".field-errors")) list.remove();
  for (const field of form.querySelectorAll(".has-error")) field.classList.remove("has-error");
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

// Every field's messages beside it (aria-invalid, aria-describedby); returns the first field at
// fault in the order of the form (the envelope's keys come sorted by name).
function showFieldErrors(form, fields) {
  for (const [name, messages] of Object.entries(fields ?? {})) {
    const input = inputFor(form, name);
    if (!input) continue;
    const field = input.closest(".field");
    const list = document.createElement("ul");
    list.className = "field-errors";
    list.id = `${input.id}-errors`;
    for (const message of [messages].flat()) {
      const item = document.createElement("li");
      item.textContent = message;
      list.append(item);
    }
    field.classList.add("has-error");
    if (field.classList.contains("field-check")) field.after(list);
    else field.append(list);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", list.id);
  }
  return form.querySelector("[aria-invalid=true]");
}

registerForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearFieldErrors(registerForm);
  try {
    const data = await submitForm(registerForm);
    say(data.message, true);
    const email = registerForm.querySelector("[name='register-email']").value;
    registerForm.reset();
    loginForm.querySelector("[name='login-login']").value = email;
    show("login");
  } catch (error) {
    const first = showFieldErrors(registerForm, error.fields);
    say(registerForm.dataset.errorPrefix + (first ? error.message : errorText(error)), false);
    first?.focus();
  }
});

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearFieldErrors(loginForm);
  try {
    const data = await submitForm(loginForm);
    say(data.message, true);
    setTimeout(() => window.location.assign(data.next), 1000);
  } catch (error) {
    const first = showFieldErrors(loginForm, error.fields);
    say(loginForm.dataset.errorPrefix + (first ? error.message : errorText(error)), false);
    first?.focus();
  }
});
