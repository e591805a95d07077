// A link from another page to a field (the submit page's list of problems) makes the browser scroll the field
// itself to the top of the window, its label and error message out of sight above it. As GOV.UK's error summary
// does for links within a page: bring the field's label (or its fieldset's legend) into view, and focus the field.
function labelOf(field) {
  const legend = field.closest("fieldset")?.querySelector("legend");
  if (field.type === "radio" || field.type === "checkbox") return legend;
  return field.labels?.[0] ?? legend;
}

export function showTargetField(document) {
  const id = decodeURIComponent(document.location.hash.slice(1));
  const field = id && document.getElementById(id);
  if (!field || !field.matches("input, textarea, select")) return;
  const show = () => {
    const label = labelOf(field);
    (label ?? field).scrollIntoView();
    field.focus({ preventScroll: true });
  };
  // After the browser's own scroll to the fragment, which it may repeat until the page has loaded.
  if (document.readyState === "complete") show();
  else document.defaultView.addEventListener("load", show, { once: true });
}
