"""Where EqA keeps the files its records name (STORAGES["default"]): in the database, table councils.StoredFile.

A file is written in the transaction that saves the record naming it, so a sign-off that fails or is cut short leaves
neither; every server reads the same files, with nothing on a server's disk; and one backup of the database holds
everything (docs/backup.md). The files are small (a PDF of an EIA, a Word file under the upload's limit) and are
read whole, as a download sends them whole."""

import os
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from councils.models import StoredFile


@deconstructible
class DatabaseStorage(Storage):
    def _save(self, name, content):
        """Stored under `name`, or under another like it if a transaction not yet committed took that name after
        get_available_name looked (two uploads of one Word file name at once, say)."""
        data = content.read()
        while True:
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=name, data=data, size=len(data))
                return name
            except IntegrityError:
                name = self.get_alternative_name(*os.path.splitext(name))

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


def put_files_back(directory, rows):
    """Each file stored in `rows` written under `directory` by its name, where EqA kept files before they moved into
    the database: what undoing the move does, so that nothing stored since is lost."""
    root = Path(directory)
    for name, data in rows.values_list("name", "data").iterator():
        path = root / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(data))


def keep_files_from(directory, rows):
    """Each file under `directory` (MEDIA_ROOT, where EqA kept its files before they moved into the database) stored
    in `rows` under its path there, unless a file of that name is stored already; the files on disk are left as they
    were. Returns how many were stored; None when there is no such folder."""
    root = Path(directory)
    if not root.is_dir():
        return None
    stored = set(rows.values_list("name", flat=True))
    kept = 0
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in stored:
            data = path.read_bytes()
            rows.create(name=name, data=data, size=len(data))
            kept += 1
    return kept
