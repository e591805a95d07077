// A table that is wider than the page scrolls inside its region, which then takes keyboard focus so that the
// arrow keys can scroll it (WCAG 2.1.1). A region that fits does not: a tab stop that does nothing is in the way.
// Without JavaScript every region keeps the tabindex its markup gives it.
export function focusOnlyScrollingRegions(document) {
  const regions = document.querySelectorAll("[data-eqa-scrolls]");
  const update = () => {
    for (const region of regions) {
      if (region.scrollWidth > region.clientWidth) {
        region.setAttribute("tabindex", "0");
      } else if (region !== document.activeElement) {
        region.removeAttribute("tabindex");
      }
    }
  };
  update();
  const view = document.defaultView;
  if ("ResizeObserver" in view) {
    // Not only the window: text spacing, a change of font size or new content can make a table overflow (or fit)
    // while the window stays as it was. Watching the region and the table inside it sees each of these.
    const observer = new view.ResizeObserver(update);
    for (const region of regions) {
      observer.observe(region);
      for (const child of region.children) observer.observe(child);
    }
  } else {
    view.addEventListener("resize", update);
  }
}
