"""PDFs for committee papers: a Django template rendered by WeasyPrint as a tagged PDF/UA-1 document.

WeasyPrint would fetch any URL a document names (http, file:, ...). The documents hold what officers typed, so
the fetcher here serves the app's own static files and refuses everything else: no request leaves the server
and no file outside the static directories is read.

A draft's PDF is kept (KeptPdf) under the SHA-256 of what went into it: the HTML, the PDF variant, WeasyPrint's
version and the PDF stylesheets. The same input makes the same bytes (WeasyPrint writes no date of its own), so a kept
PDF is answered only for a draft that is exactly as it was, whatever changed since (the record, its actions, the
day, the council's words) and with nothing to invalidate. Rendering costs hundreds of milliseconds to seconds; the
HTML costs tens.
"""

import functools
import hashlib
import mimetypes
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML, VERSION
from weasyprint.urls import URLFetcher, URLFetcherResponse

from councils.models import KeptPdf

# Relative and {% static %} URLs resolve against this host. ".invalid" never resolves (RFC 6761), so even a bug in
# the fetcher could not reach a real server.
BASE_URL = "https://eqa.invalid/"
VARIANT = "pdf/ua-1"
# A kept PDF not downloaded for this long is forgotten by the daily `send_notifications`: a draft read for a
# committee is read within its week, and one asked for again after is made again.
KEPT_PDF_DAYS = 7


class StaticFilesOnly(URLFetcher):
    """A fetcher that answers only URLs under STATIC_URL, from the staticfiles finders or the collected files."""

    def fetch(self, url, headers=None):
        name = static_name(url)
        # Source files first (development, tests); then the collected files, which hold the hashed names that
        # {% static %} writes when the manifest storage is on (production).
        found = finders.find(name) or (staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None)
        if not found:
            raise ValueError(f"No static file {name!r}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})


def static_name(url):
    """The static file's name for a URL under STATIC_URL ("css/x.css"); anything else raises ValueError."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    # Query and fragment ("?v=2", "#font") do not name another file.
    parts = urlsplit(url)
    bare = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if not bare.startswith(prefix):
        raise ValueError(f"Refused to fetch {url!r}: a PDF may use only the app's static files")
    name = unquote(bare[len(prefix) :])
    if not name or "\\" in name or "\x00" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError(f"Refused to fetch {url!r}: not a plain static file name")
    return name


def render_pdf(template_name, context, *, issuing=False):
    """The PDF's bytes: kept ones if this very document was made before, else made now and kept. A PDF being issued
    at sign-off is kept by its record (KeptFile) and never asked for again by its HTML, so it is not kept here."""
    html = render_to_string(template_name, context)
    if issuing:
        return _write_pdf(html)
    key = _key(html)
    kept = KeptPdf.objects.filter(key=key).values_list("pdf", "used_at").first()
    now = timezone.now()
    if kept is not None:
        pdf, used_at = kept
        # Once a day is enough for forgetting by days, and spares a write on every download.
        if now - used_at > timedelta(days=1):
            KeptPdf.objects.filter(key=key).update(used_at=now)
        return bytes(pdf)
    pdf = _write_pdf(html)
    # Another server may have kept the same document a moment ago: the same bytes, so either row serves.
    KeptPdf.objects.bulk_create([KeptPdf(key=key, pdf=pdf, used_at=now)], ignore_conflicts=True)
    return pdf


def forget_unused_pdfs(now=None):
    """Forget the kept PDFs not downloaded for KEPT_PDF_DAYS; returns how many."""
    since = (now or timezone.now()) - timedelta(days=KEPT_PDF_DAYS)
    forgotten, _ = KeptPdf.objects.filter(used_at__lt=since).delete()
    return forgotten


def _key(html):
    digest = hashlib.sha256()
    for part in (VERSION, VARIANT, _stylesheets(), html):
        digest.update(part.encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


@functools.cache
def _stylesheets():
    """The SHA-256 of the PDF stylesheets: the HTML names them, and while DEBUG serves them under unhashed names a
    change to one would not change the HTML. Read once a process, as a change to them comes with a restart."""
    folder = finders.find("pdf") or staticfiles_storage.path("pdf")
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\x1f" + path.read_bytes() + b"\x1f")
    return digest.hexdigest()


def _write_pdf(html):
    # PDF/UA-1 tags the structure (headings, tables) and takes the title and language from <title> and <html lang>.
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf(pdf_variant=VARIANT)


def pdf_response(pdf_bytes, filename):
    """A download of the PDF under an ASCII slug of `filename`, so no header can be forged through the name."""
    stem = slugify(filename.removesuffix(".pdf"))[:120].strip("-") or "document"
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    # The council's data sits behind sign-in: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response
