// What a person types into a form is kept in this tab's sessionStorage as they type, so that a sign-out part way
// through (the session timed out, or ended while the form was being sent) loses nothing: after they sign in again
// and come back to the page, it is put back, with a banner saying it is not saved yet.
//
// A stash is kept for a page until the page is next loaded normally: after a successful save (the app redirects
// elsewhere), on going back to it later, or on signing out on purpose. It is put back only when the page is reached
// from the sign-in page or from a refusal (an out-of-date page), or reloaded by the timeout warning.

const STASH = "eqa-kept:";
const PUT_BACK = "eqa-kept-put-back";
const SENT = "eqa-kept-sent";
const SKIPPED_TYPES = new Set(["password", "file", "submit", "button", "reset", "image"]);

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: forms work as they always did
  }
}

function keptForms(root) {
  return [...root.querySelectorAll("form")].filter(
    (form) => form.method === "post" && !form.hasAttribute("data-eqa-sign-in") && !form.hasAttribute("data-eqa-sign-out"),
  );
}

function keyFor(form, index) {
  return `${STASH}${window.location.pathname}#${form.id || index}`;
}

function keptFields(form) {
  return [...form.elements].filter(
    (field) => field.name && field.name !== "csrfmiddlewaretoken" && !SKIPPED_TYPES.has(field.type),
  );
}

function read(form) {
  const values = {};
  for (const field of keptFields(form)) {
    if (field.type === "checkbox" || field.type === "radio") {
      values[field.name] ??= [];
      if (field.checked) values[field.name].push(field.value);
    } else if (field.type === "select-multiple") {
      values[field.name] = [...field.selectedOptions].map((option) => option.value);
    } else {
      // Several fields may share a name (a formset's rows do not, but a page may).
      (values[field.name] ??= []).push(field.value);
    }
  }
  return values;
}

function write(form, values) {
  const seen = {};
  for (const field of keptFields(form)) {
    const kept = values[field.name];
    if (!Array.isArray(kept)) continue;
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = kept.includes(field.value);
    } else if (field.type === "select-multiple") {
      for (const option of field.options) option.selected = kept.includes(option.value);
    } else {
      const index = (seen[field.name] = (seen[field.name] ?? -1) + 1);
      if (index < kept.length) field.value = kept[index];
    }
  }
}

function stashKeys(store) {
  return [...Array(store.length).keys()].map((i) => store.key(i)).filter((key) => key && key.startsWith(STASH));
}

function forgetAll(store) {
  for (const key of stashKeys(store)) store.removeItem(key);
  store.removeItem(SENT);
  store.removeItem(PUT_BACK);
}

function showBanner(root) {
  const template = root.getElementById("kept-work-banner");
  const main = root.querySelector("main");
  if (template && main) main.prepend(template.content.cloneNode(true));
}

// The timeout warning calls this before it reloads the page on a session that has run out.
export function putBackAfterSignIn() {
  const store = storage();
  if (store) store.setItem(PUT_BACK, "1");
}

export function keepTypedWork(root = document) {
  const store = storage();
  if (!store) return;

  if (root.querySelector("form[data-eqa-sign-in]")) {
    // The sign-in page: the next page this tab reaches, once signed in, gets back what was kept for it.
    if (stashKeys(store).length) store.setItem(PUT_BACK, "1");
    return;
  }

  if (root.querySelector("[data-eqa-refused]")) {
    // The app refused what was sent (an out-of-date page, say): keep it, for the page it came from to put back.
    store.removeItem(SENT);
    if (stashKeys(store).length) store.setItem(PUT_BACK, "1");
    return;
  }

  const putBack = store.getItem(PUT_BACK) === "1";
  const sent = store.getItem(SENT);
  store.removeItem(PUT_BACK);
  store.removeItem(SENT);
  if (!putBack && sent) store.removeItem(sent); // it was saved, or the app answered it

  let restored = false;
  keptForms(root).forEach((form, index) => {
    const key = keyFor(form, index);
    if (putBack && store.getItem(key)) {
      try {
        write(form, JSON.parse(store.getItem(key)));
        restored = true;
      } catch {
        store.removeItem(key);
      }
    } else {
      store.removeItem(key);
    }
    const save = () => store.setItem(key, JSON.stringify(read(form)));
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", () => {
      save();
      store.setItem(SENT, key);
    });
  });
  if (restored) showBanner(root);

  for (const form of root.querySelectorAll("form[data-eqa-sign-out]")) {
    form.addEventListener("submit", () => forgetAll(store));
  }
}
