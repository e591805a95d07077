"""python manage.py store_files_from_disk FOLDER: the files an older EqA kept on disk, stored in the database.

Migration councils.0010 does this from MEDIA_ROOT as it migrates. Where the folder was not there then (a release
run where it is not mounted, say), this does it afterwards, as often as needed: a file stored already is left."""

from django.core.management.base import BaseCommand, CommandError

from councils.models import StoredFile
from councils.storage import keep_files_from


class Command(BaseCommand):
    help = "Store the files an older EqA kept under FOLDER (its MEDIA_ROOT) in the database, under the same names."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the folder EqA's MEDIA_ROOT was")

    def handle(self, *args, folder, **options):
        stored = keep_files_from(folder, StoredFile.objects)
        if stored is None:
            raise CommandError(f"There is no folder at {folder}: give the folder EqA kept its files in.")
        self.stdout.write(f"{stored} file{'' if stored == 1 else 's'} stored; files stored already were left.")
