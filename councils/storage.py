"""Where EqA keeps the files its records name (STORAGES["default"]): in the database, table councils.StoredFile.

A file is written in the transaction that saves the record naming it, so a sign-off that fails or is cut short leaves
neither; every server reads the same files, with nothing on a server's disk; and one backup of the database holds
everything (docs/backup.md). The files are small (a PDF of an EIA, a Word file under the upload's limit) and are
read whole, as a download sends them whole."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible

from councils.models import StoredFile


@deconstructible
class DatabaseStorage(Storage):
    def _save(self, name, content):
        data = content.read()
        StoredFile.objects.create(name=name, data=data, size=len(data))
        return name

    def _open(self, name, mode="rb"):
        data = StoredFile.objects.filter(name=name).values_list("data", flat=True).first()
        if data is None:
            raise FileNotFoundError(f"No stored file is named {name}")
        return ContentFile(bytes(data), name=name)

    def exists(self, name):
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name):
        StoredFile.objects.filter(name=name).delete()

    def size(self, name):
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored file is named {name}")
        return size

    def url(self, name):
        raise NotImplementedError("A stored file is sent by the view of the record that names it, never by its URL")


def keep_files_from(directory, rows):
    """Each file under `directory` (MEDIA_ROOT, where EqA kept its files before they moved into the database) stored
    in `rows` under its path there, unless a file of that name is stored already; the files on disk are left as they
    were. Returns how many were stored."""
    root = Path(directory)
    if not root.is_dir():
        return 0
    stored = set(rows.values_list("name", flat=True))
    kept = 0
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in stored:
            data = path.read_bytes()
            rows.create(name=name, data=data, size=len(data))
            kept += 1
    return kept
