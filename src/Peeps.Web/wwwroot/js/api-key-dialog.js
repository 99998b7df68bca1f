// The small form that asks for the API key when the server answers 401. It cannot be dismissed: without the
// key the console can read nothing from the server.

import { byId } from "./dom.js";

let wired = false;

function wire(dialog) {
  if (wired) return;
  wired = true;
  dialog.addEventListener("cancel", (event) => event.preventDefault());
}

// Resolves with the key the user entered. `prompt.wrong` marks the message as an error (a refused key).
export function askForApiKey(prompt) {
  const dialog = byId("api-key-dialog");
  const form = byId("api-key-form");
  const input = byId("api-key-input");
  const message = byId("api-key-message");
  wire(dialog);
  message.textContent = prompt.text;
  message.classList.toggle("error", prompt.wrong);
  input.value = "";
  return new Promise((resolve) => {
    const submit = (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) {
        message.textContent = "The key cannot be empty.";
        message.classList.add("error");
        return;
      }
      form.removeEventListener("submit", submit);
      dialog.close();
      resolve(key);
    };
    form.addEventListener("submit", submit);
    dialog.showModal();
    input.focus();
  });
}
