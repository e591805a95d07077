// GOV.UK's timeout warning: two minutes before the session ends, a modal dialog says so and offers to stay
// signed in. <body data-session-ends-in> says, in seconds, when the session ends (base.html, from the session).

import { putBackAfterSignIn } from "./kept-work.mjs";

const WARN_BEFORE = 120;

function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

// What a screen reader hears: on opening, then at each minute, then every 20 seconds; not every second.
function worthAnnouncing(seconds) {
  return seconds % 60 === 0 || (seconds < 60 && seconds % 20 === 0);
}

export function warnBeforeTimeout(root = document) {
  const body = root.body;
  const dialog = root.getElementById("timeout-warning");
  const endsIn = Number.parseInt(body.dataset.sessionEndsIn, 10);
  if (!dialog || !Number.isFinite(endsIn) || typeof dialog.showModal !== "function") return;

  const countdown = dialog.querySelector("[data-countdown]");
  const announcement = dialog.querySelector("[data-announcement]");
  const heading = dialog.querySelector("h2");
  const stay = dialog.querySelector("[data-stay]");
  const carryOn = dialog.querySelector("[data-carry-on]");
  const final = dialog.querySelector("[data-when-final]");
  const token = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;

  let deadline = Date.now() + endsIn * 1000;
  let extendable = body.dataset.sessionExtendable === "true";
  let shownFor = null;
  let returnFocusTo = null;
  // Closed with "Carry on" when the session cannot be put off: not opened again.
  let dismissed = false;

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  function signedOut() {
    clearInterval(timer);
    // The page asks again: the app sends a session that has run out to sign in, and back here after it.
    putBackAfterSignIn();
    window.location.assign(window.location.pathname + window.location.search);
  }

  function open() {
    returnFocusTo = root.activeElement;
    stay.hidden = !extendable;
    carryOn.hidden = extendable;
    final.hidden = extendable;
    dialog.showModal();
    heading.focus();
  }

  function close() {
    dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  }

  function tick() {
    const left = secondsLeft();
    if (left <= 0) {
      signedOut();
      return;
    }
    if (left > WARN_BEFORE) {
      if (dialog.open) close();
      return;
    }
    const words = inWords(left);
    if (countdown.textContent !== words) countdown.textContent = words;
    if (!dialog.open) {
      if (dismissed) return;
      // The dialog's description (the countdown, set just above) is read as it opens: the live region stays
      // quiet until the next time worth announcing, so the time left is not read twice.
      announcement.textContent = "";
      shownFor = left;
      open();
    }
    if (worthAnnouncing(left) && left !== shownFor) {
      announcement.textContent = `For your security, we will sign you out in ${words}.`;
      shownFor = left;
    }
  }

  async function staySignedIn() {
    try {
      const response = await fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        credentials: "same-origin",
        // A session already over is sent to sign in: that is an answer too.
        redirect: "error",
      });
      if (!response.ok) throw new Error(`keep-alive answered ${response.status}`);
      const answer = await response.json();
      deadline = Date.now() + answer.seconds_left * 1000;
      extendable = answer.extendable;
      close();
      tick();
    } catch {
      signedOut();
    }
  }

  function carryOnRegardless() {
    dismissed = true;
    close();
  }

  stay.addEventListener("click", staySignedIn);
  carryOn.addEventListener("click", carryOnRegardless);
  // Escape does what the first button does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (extendable) staySignedIn();
    else carryOnRegardless();
  });

  const timer = setInterval(tick, 1000);
  tick();
}
