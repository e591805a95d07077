"""PDFs for committee papers: a Django template rendered by WeasyPrint as a tagged PDF/UA-1 document.

WeasyPrint would fetch any URL a document names (http, file:, ...). The documents hold what officers typed, so
the fetcher here serves the app's own static files and refuses everything else: no request leaves the server
and no file outside the static directories is read.

A draft's PDF is kept (KeptPdf) under the SHA-256 of what went into it: the HTML, the PDF variant, WeasyPrint's
version and the PDF stylesheets. The same input makes the same bytes (WeasyPrint writes no date of its own), so a kept
PDF is answered only for a draft that is exactly as it was, whatever changed since (the record, its actions, the
day, the council's words) and with nothing to invalidate. Rendering costs hundreds of milliseconds to seconds; the
HTML costs tens.

A PDF is made in a child process at a lower CPU priority, so that the server's pages win the CPU while it is made,
and at most PDF_RENDERS_AT_ONCE at once on a server; a download that finds them all taken is answered at once
(PdfBusy, a 503 page) rather than holding a web worker while it waits.
"""

import fcntl
import functools
import hashlib
import mimetypes
import os
import traceback
from contextlib import contextmanager
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
# How much lower the child making a PDF runs than the worker that asked for it (nice(2): 0 is usual, 19 the least).
CHILD_NICENESS = 10
MADE, FAILED = b"M", b"F"


class PdfBusy(Exception):
    """Every one of this server's PDF_RENDERS_AT_ONCE slots for making a PDF is taken."""


class PdfNotMade(RuntimeError):
    """WeasyPrint failed in the process making the PDF: the message is its error, as that process saw it."""


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
        # A sign-off must issue its PDF, so it waits for a slot rather than being refused one.
        with render_slot(wait=True):
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
    with render_slot():
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


@contextmanager
def render_slot(*, wait=False):
    """Hold one of this server's PDF_RENDERS_AT_ONCE slots while a PDF is made; raise PdfBusy when all are taken, or
    with `wait`, wait for one. A slot is a file locked with flock: the lock goes with the processes holding it, so a
    worker that dies (at its time limit, say) frees its slot, and a child still making the PDF keeps it till done."""
    folder = Path(settings.PDF_SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    slots = [folder / f"slot-{number}" for number in range(settings.PDF_RENDERS_AT_ONCE)]
    for path in slots:
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            handle.close()
    else:
        if not wait:
            raise PdfBusy
        handle = slots[os.getpid() % len(slots)].open("a")
        fcntl.flock(handle, fcntl.LOCK_EX)
    with handle:
        yield


def _write_pdf(html):
    """The PDF made by a child process, forked once the HTML is made: WeasyPrint is imported already, so the child
    starts at once. It touches no database connection, sends the PDF (or its error) back through a pipe, and ends with
    os._exit, so nothing of the worker's runs at its exit. In a threaded server Python 3.12 and later warn that a
    fork may deadlock the child on a lock another thread held; the child runs WeasyPrint alone, whose libraries no
    thread of the worker is ever inside, as every PDF is made in a child."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reading)
        _make_in_child(html, writing)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(child, 0)
    if answer[:1] == MADE:
        return answer[1:]
    if answer[:1] == FAILED:
        raise PdfNotMade(answer[1:].decode())
    raise PdfNotMade(f"The process making the PDF ended without one (wait status {status})")


def _make_in_child(html, writing):
    """Make the PDF at a lower priority and write it to the pipe; never returns."""
    try:
        os.nice(CHILD_NICENESS)
        # PDF/UA-1 tags the structure (headings, tables) and takes the title and language from <title> and <html lang>.
        answer = MADE + HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf(
            pdf_variant=VARIANT
        )
    except BaseException as error:  # whatever happens, the child ends here, and the worker hears why
        answer = FAILED + "".join(traceback.format_exception(error)).encode()
    try:
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(0)


def pdf_response(pdf_bytes, filename):
    """A download of the PDF under an ASCII slug of `filename`, so no header can be forged through the name."""
    stem = slugify(filename.removesuffix(".pdf"))[:120].strip("-") or "document"
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    # The council's data sits behind sign-in: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response
