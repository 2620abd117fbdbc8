// The one fetch helper of the site: JSON in and out, the CSRF token in X-CSRFToken,
// errors turned into Error objects that carry the server's message and field errors.

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
const csrfToken = () => meta("csrf-token");

export class HttpError extends Error {
  constructor(status, body) {
    super(body?.error?.message || meta("server-error") || `HTTP ${status}`);
    this.status = status;
    this.fields = body?.error?.fields ?? {};
  }
}

async function send(method, url, body, { form = false } = {}) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  let payload;
  if (body instanceof FormData || form) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new HttpError(0, null); // offline, or the server is unreachable
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new HttpError(response.status, null); // not our JSON: a proxy's error page, say
  }
  if (!response.ok) throw new HttpError(response.status, data);
  return data;
}

export const getJSON = (url) => send("GET", url);
export const postJSON = (url, body) => send("POST", url, body);
export const putJSON = (url, body) => send("PUT", url, body);
export const patchJSON = (url, body) => send("PATCH", url, body);
export const deleteJSON = (url) => send("DELETE", url);
/** Submit an existing <form> as FormData (its CSRF token field included) and read JSON back. */
export const submitForm = (form) => send("POST", form.action, new FormData(form));

/** The first field error, or the message, as one line for a feedback area. */
export function errorText(error) {
  const first = Object.values(error.fields ?? {}).flat()[0];
  return first && first !== error.message ? `${error.message} ${first}` : error.message;
}
