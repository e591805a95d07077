// GOV.UK's conditional reveal, for radios that show a question under one of them (the evidence a verifier saw,
// under the status word that means complete and verified): the revealed part follows its radio, and shows only
// while that radio is chosen. GOV.UK Frontend's radios also put aria-expanded on the radio, which ARIA does not
// allow on a radio (axe-core reports it), so these radios are not its module: the radio names what it reveals with
// aria-controls, and its place in the page says the rest. Without JavaScript the part is always shown.
export function revealUnderRadios(document) {
  for (const group of document.querySelectorAll("[data-eqa-reveals]")) {
    const radios = group.querySelectorAll("input[type=radio][aria-controls]");
    const all = group.querySelectorAll("input[type=radio]");
    const update = () => {
      for (const radio of radios) {
        document.getElementById(radio.getAttribute("aria-controls"))?.classList.toggle(
          "govuk-radios__conditional--hidden",
          !radio.checked,
        );
      }
    };
    for (const radio of all) radio.addEventListener("change", update);
    update();
  }
}
