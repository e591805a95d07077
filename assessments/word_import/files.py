"""The files of an upload of old EIAs: Word files (.docx) chosen one by one, or a zip file of them. A file is told by
what is in it, never by its name. What makes the whole upload unreadable (too many files, too big) is refused at
once (Refused); a file that is not a Word file EqA can read is kept in the list with its reason, so that one bad file
never loses the good ones."""

import io
import re
import zipfile
from dataclasses import dataclass

from assessments.word_import.limits import MAX_FILE_BYTES, MAX_FILES, MAX_PARTS, MAX_UPLOAD_BYTES

SAVE_AS_DOCX = "Open it in Word, save it as a Word Document (.docx) and upload that."
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old Office file, or an encrypted new one
ZIP = (b"PK\x03\x04", b"PK\x05\x06")


class Refused(Exception):
    """A file, or the whole upload, that EqA will not read: `message` says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Item:
    """One file of the upload: its name, and its bytes or the reason it is refused."""

    name: str
    data: bytes = b""
    refused: str = ""


def _mb(size):
    return f"{size // (1024 * 1024)} MB"


def too_many(count):
    return Refused(
        f"You chose {count:,} files. EqA reads at most {MAX_FILES} at once: upload them in smaller groups, or "
        f"{MAX_FILES} to a zip file."
    )


def items_of(uploads):
    """The Item of each file uploaded, each file in a zip file among them in its place."""
    if len(uploads) > MAX_FILES:
        raise too_many(len(uploads))
    if sum(upload.size or 0 for upload in uploads) > MAX_UPLOAD_BYTES:
        raise Refused(
            f"The files come to more than {_mb(MAX_UPLOAD_BYTES)}. Upload them in smaller groups, each under "
            f"{_mb(MAX_UPLOAD_BYTES)}."
        )
    items = []
    for upload in uploads:
        name = base_name(upload.name)
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        entries = (declared_entries(upload) or 0) if head.startswith(ZIP) else 0
        if entries > MAX_PARTS:  # more than a Word file has parts, or far more than a zip of EIAs has files
            raise Refused(
                f"The file {name} holds {entries:,} files inside it, far more than a Word file or a zip file of "
                f"up to {MAX_FILES} EIAs has. Upload the EIAs' Word files, or zip files of up to {MAX_FILES} of them."
            )
        if head.startswith(ZIP) and not _is_office(upload):
            items.extend(_unzipped(name, upload))
        elif (upload.size or 0) > MAX_FILE_BYTES:
            items.append(Item(name, refused=too_big()))
        else:
            items.append(Item(name, upload.read(MAX_FILE_BYTES + 1)))
        if len(items) > MAX_FILES:
            raise too_many(len(items))
    return items


# Control characters (a zip's names may hold any byte, a NUL among them, which the database refuses) and the marks
# that turn text right to left, with which "fdp.docx" can be made to look like another name.
UNSHOWN = re.compile("[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def base_name(name):
    return UNSHOWN.sub("", (name or "file").replace("\\", "/").rsplit("/", 1)[-1])[:200].strip() or "file"


def too_big():
    return (
        f"The file is larger than {_mb(MAX_FILE_BYTES)}. Save a copy without pictures (or with them compressed: "
        f"File, Compress Pictures) and upload that."
    )


def _is_office(upload):
    """Whether a zip is an Office file itself (a Word file, a workbook) rather than a zip file of files."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return "[Content_Types].xml" in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # read as one file, and refused as damaged there
    finally:
        upload.seek(0)


EOCD, EOCD64 = b"PK\x05\x06", b"PK\x06\x06"
LONGEST_COMMENT = 0xFFFF


def declared_entries(handle):
    """How many entries a zip file says it has, read from its end record alone: Python's zipfile reads every entry
    of the directory when it opens one, which for a directory of a million empty entries takes seconds and hundreds
    of megabytes. None where the file has no end record (it is no zip file, and zipfile will say so)."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - LONGEST_COMMENT - 22 - 56 - 20))
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) < at + 12:
        return None
    total = int.from_bytes(tail[at + 10 : at + 12], "little")
    at64 = tail.rfind(EOCD64, 0, at)
    if total == 0xFFFF and at64 >= 0 and len(tail) >= at64 + 40:
        total = int.from_bytes(tail[at64 + 32 : at64 + 40], "little")
    return total


def _unzipped(zip_name, upload):
    try:
        archive = zipfile.ZipFile(upload)
        infos = [info for info in archive.infolist() if _is_file(info)]
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Item(zip_name, refused="The zip file is damaged and could not be opened. Make it again and upload it.")]
    if len(infos) > MAX_FILES:
        raise _too_many_in(zip_name, len(infos))
    if sum(info.file_size for info in infos) > MAX_UPLOAD_BYTES:
        raise Refused(
            f"The zip file {zip_name} unpacks to more than {_mb(MAX_UPLOAD_BYTES)}. Put the Word files in several "
            f"smaller zip files and upload each."
        )
    items = []
    for info in infos:
        name = base_name(info.filename)
        if info.flag_bits & 0x1:
            items.append(
                Item(
                    name,
                    refused="The file is protected with a password in the zip file. Zip it again "
                    "without a password and upload that.",
                )
            )
        elif info.file_size > MAX_FILE_BYTES:
            items.append(Item(name, refused=too_big()))
        else:
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
                items.append(Item(name, refused="The file is damaged in the zip file. Zip it again and upload that."))
                continue
            if data.startswith(ZIP) and not _holds_office(data):
                items.append(
                    Item(
                        name,
                        refused="The file is a zip file inside the zip file. Put the Word files themselves in "
                        "one zip file and upload that.",
                    )
                )
            else:
                items.append(Item(name, data))
    return items


def _too_many_in(zip_name, count):
    return Refused(
        f"The zip file {zip_name} holds {count:,} files. EqA reads at most {MAX_FILES} at once: put them in several "
        f"zip files of up to {MAX_FILES} and upload each."
    )


def _holds_office(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return True


def _is_file(info):
    """A file of the zip: not a folder, and not what a Mac or Windows adds of its own (__MACOSX, .DS_Store)."""
    name = info.filename.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    return (
        not info.is_dir()
        and not name.startswith("__MACOSX/")
        and not base.startswith((".", "~$"))
        and base
        not in (
            "Thumbs.db",
            "desktop.ini",
        )
    )
