"""PDFs for committee papers: a Django template rendered by WeasyPrint as a tagged PDF/UA-1 document.

WeasyPrint would fetch any URL a document names (http, file:, ...). The documents hold what officers typed, so
the fetcher here serves the app's own static files and refuses everything else: no request leaves the server
and no file outside the static directories is read.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative and {% static %} URLs resolve against this host. ".invalid" never resolves (RFC 6761), so even a bug in
# the fetcher could not reach a real server.
BASE_URL = "https://eqa.invalid/"


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


def render_pdf(template_name, context):
    html = render_to_string(template_name, context)
    # PDF/UA-1 tags the structure (headings, tables) and takes the title and language from <title> and <html lang>.
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(pdf_bytes, filename):
    """A download of the PDF under an ASCII slug of `filename`, so no header can be forged through the name."""
    stem = slugify(filename.removesuffix(".pdf"))[:120].strip("-") or "document"
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    # The council's data sits behind sign-in: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response
