// The API key of a server started with Peeps:ApiKey. It is kept in this tab's sessionStorage, so it survives
// a reload but not the browser session, and it only ever travels in the Authorization header, never in a URL.

import { askForApiKey } from "./api-key-dialog.js";

const STORAGE_NAME = "peeps.apiKey";

// One prompt however many requests were refused at once (at start every panel asks the API together).
let renewal = null;

export function currentApiKey() {
  return sessionStorage.getItem(STORAGE_NAME);
}

export function authorizationFor(key) {
  return key ? { authorization: `Bearer ${key}` } : {};
}

// A request sent with `usedKey` (null when none) was answered 401 with `serverMessage`. Resolves once there
// is a key worth retrying with; a request refused with a key that has been replaced since just retries.
export function apiKeyRejected(usedKey, serverMessage) {
  if (renewal) return renewal;
  if (currentApiKey() !== usedKey) return Promise.resolve();
  sessionStorage.removeItem(STORAGE_NAME);
  const prompt = usedKey
    ? { text: `The API key was not accepted: ${serverMessage}. Check it and enter it again.`, wrong: true }
    : { text: "This server requires an API key for its API. Enter the key it was started with (Peeps:ApiKey).", wrong: false };
  renewal = askForApiKey(prompt).then((key) => {
    sessionStorage.setItem(STORAGE_NAME, key);
    renewal = null;
  });
  return renewal;
}
