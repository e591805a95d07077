"""An EIA's PDF as it is now, and the PDFs issued at its sign-off and moderation, kept as they were. Anyone of
the EIA's council may download them, whatever their role; anyone else gets 404."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from assessments.models import IssuedPdf
from assessments.pdf import assessment_pdf_response, issued_pdf_response
from assessments.views.common import eias
from councils.access import fetch


@require_GET
def assessment_pdf(request, pk):
    assessment, _ = fetch(request, eias(), pk=pk)
    return assessment_pdf_response(assessment)


@require_GET
def issued_pdf(request, pk, issued_pk):
    assessment, _ = fetch(request, eias(), pk=pk)
    return issued_pdf_response(
        get_object_or_404(IssuedPdf.objects.select_related("assessment"), assessment=assessment, pk=issued_pk)
    )
