// Loaded as a module, so it runs only in browsers GOV.UK Frontend supports; no inline script is needed.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { keepTypedWork } from "./kept-work.mjs";
import { keepFormKeys } from "./form-keys.mjs";
import { showTargetField } from "./field-target.mjs";
import { focusOnlyScrollingRegions } from "./scroll-regions.mjs";
import { revealUnderRadios } from "./reveal.mjs";
import { warnBeforeTimeout } from "./timeout-warning.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
// Before initAll: GOV.UK's radios and character counts read the answers that are put back.
keepTypedWork(document);
initAll();
revealUnderRadios(document);
warnBeforeTimeout(document);
focusOnlyScrollingRegions(document);
showTargetField(document);
keepFormKeys(document);
