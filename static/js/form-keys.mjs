// A create form carries a one-time key (councils/once.py): a second Save of the same key lands on what the first
// made instead of making it again. Back fetches the form afresh (pages are never cached), with a new key, while
// the browser puts back what was typed; so the key sent is kept in this tab, and put back when the person comes
// back to the form by Back or Forward.

const STASH = "eqa-form-key:";

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: Back then Save again is then caught only when the page is not fetched again
  }
}

function cameBack() {
  const [entry] = performance.getEntriesByType("navigation");
  return entry !== undefined && entry.type === "back_forward";
}

export function keepFormKeys(root = document) {
  const store = storage();
  if (!store) return;
  for (const key of root.querySelectorAll('form input[type="hidden"][name="once"]')) {
    const name = `${STASH}${key.form.action}`;
    const sent = store.getItem(name);
    if (sent && cameBack()) key.value = sent;
    key.form.addEventListener("submit", () => store.setItem(name, key.value));
  }
}
