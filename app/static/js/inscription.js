// The inscription page: toggle between the register and login forms without a reload, and
// submit both with fetch, showing the result in the feedback line (as in the original mock-up).
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

registerForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const data = await submitForm(registerForm);
    say(data.message, true);
    const email = registerForm.querySelector("[name='register-email']").value;
    registerForm.reset();
    loginForm.querySelector("[name='login-login']").value = email;
    show("login");
  } catch (error) {
    say(registerForm.dataset.errorPrefix + errorText(error), false);
  }
});

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const data = await submitForm(loginForm);
    say(data.message, true);
    setTimeout(() => window.location.assign(data.next), 1000);
  } catch (error) {
    say(loginForm.dataset.errorPrefix + errorText(error), false);
  }
});
