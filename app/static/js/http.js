// The one fetch helper of the site: JSON in and out, the CSRF token in X-CSRFToken,
// errors turned into Error objects that carry the server's message and field errors.

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

export class HttpError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
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
  const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
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
