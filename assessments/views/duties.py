"""Council settings, the equality duties: the nation the council is in, whose duties decide what an EIA's impact
grid must consider. Changing it deletes none of the council's grid rows; the page then says which of the nation's
duties no row offered in new EIAs covers, and adds a row for each at one press."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.characteristics import nation_duties, rows_for, uncovered
from assessments.forms import DutiesForm
from assessments.models import Characteristic
from councils.access import get_council_to_manage
from councils.models import Council
from councils.settings_views import form_page

TITLE = "Equality duties"


def _url(council):
    return reverse("assessments:settings-duties", args=[council.slug])


def _uncovered(council):
    rows = Characteristic.objects.filter(council=council, is_active=True)
    return uncovered(rows.values_list("covers", flat=True), council.nation)


@require_http_methods(["GET", "POST"])
def duties(request, slug):
    council = get_council_to_manage(request, slug)
    form = DutiesForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(
                request,
                f"The council is in {council.get_nation_display()}. EIAs check their impact grid against "
                f"{nation_duties(council.nation).duty} from now on.",
            )
        return redirect(_url(council))
    return form_page(
        request,
        council,
        form,
        TITLE,
        back_url=council.get_absolute_url(),
        intro="The equality duties of the council's nation decide what an EIA's impact grid must consider: an EIA "
        "whose grid leaves one out must say why before it is submitted. Changing the nation keeps the "
        "council's rows of the impact grid as they are.",
        template="assessments/settings/duties.html",
        context={"uncovered": _uncovered(council), "duties": nation_duties(council.nation)},
    )


def duties_add_rows(request, slug):
    """Add a row to the council's grid for each duty of its nation that no row offered in new EIAs covers. Only by
    POST, but the council is checked first, so that another council answers 404 to any method."""
    council = get_council_to_manage(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with transaction.atomic():
        # Locked, so that the same press sent twice adds the rows once.
        Council.objects.select_for_update().filter(pk=council.pk).first()
        missing = _uncovered(council)
        last = council.characteristics.aggregate(last=Max("position"))["last"] or 0
        for position, (label, guidance, covers) in enumerate(rows_for(missing, council.nation), start=last + 1):
            Characteristic.objects.create(
                council=council, position=position, label=label, guidance=guidance, covers=[str(c) for c in covers]
            )
    if missing:
        messages.success(
            request,
            f"Added {len(missing)} row{'s' if len(missing) > 1 else ''} to the council's impact grid: "
            + ", ".join(f"‘{item.label}’" for item in missing)
            + ". New EIAs will have them.",
        )
    return redirect(_url(council))
